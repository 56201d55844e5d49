package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated bytes at the decoder. With a fixed seed the inputs are the same every run, so a failure
 * is reproducible; the iteration message names the failing case.
 */
class SegmentCodecFuzzTest {

    private static final long SEED = 0x5EED_7C9L;
    private static final int RANDOM_INPUTS = 10_000;
    private static final int MUTATIONS = 15_000;
    private static final PseudoHeader PSEUDO = Golden.CLIENT_TO_SERVER;
    /**
     * Catches a decoder that loops forever, not a slow machine: the work is a fixed number of inputs, which take well
     * under a second alone and several on a loaded 2-core machine.
     */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static Segment randomSegment(SplittableRandom random) {
        byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(1500) : random.nextInt(64)];
        random.nextBytes(payload);
        Segment.Builder builder = Segment.builder(random.nextInt(65536), random.nextInt(65536))
                .seq(random.nextInt()).ack(random.nextInt()).flags(new TcpFlags(random.nextInt(256)))
                .window(random.nextInt(65536)).urgentPointer(random.nextInt(65536)).payload(payload);
        if (random.nextBoolean()) {
            builder.options(randomOptions(random));
        }
        return builder.build();
    }

    /** Any mix of options, known and unknown, padded to whole words with NOPs or ended by an EOL. */
    static TcpOptions randomOptions(SplittableRandom random) {
        List<TcpOption> options = new ArrayList<>();
        int bytes = 0;
        for (int count = random.nextInt(8); count > 0; count--) {
            TcpOption option = switch (random.nextInt(8)) {
                case 0 -> new TcpOption.NoOperation();
                case 1 -> new TcpOption.MaximumSegmentSize(random.nextInt(65536));
                case 2 -> new TcpOption.WindowScale(random.nextInt(256));
                case 3 -> new TcpOption.SackPermitted();
                case 4 -> new TcpOption.Timestamps(random.nextInt(), random.nextInt());
                case 5 -> {
                    List<SackBlock> blocks = new ArrayList<>();
                    for (int block = 1 + random.nextInt(3); block > 0; block--) {
                        blocks.add(new SackBlock(random.nextInt(), random.nextInt()));
                    }
                    yield new TcpOption.Sack(blocks);
                }
                default -> {
                    int kind;
                    do {
                        kind = 2 + random.nextInt(254);
                    } while (kind <= 5 || kind == 8);
                    byte[] data = new byte[random.nextInt(7)];
                    random.nextBytes(data);
                    yield new TcpOption.Unknown(kind, data);
                }
            };
            if (bytes + option.length() > TcpOptions.MAX_BYTES - 3) {
                break;
            }
            options.add(option);
            bytes += option.length();
        }
        if (bytes % 4 != 0 && random.nextBoolean()) {
            int padding = 4 - bytes % 4;
            options.add(new TcpOption.EndOfOptionList(bytes + padding + 4 <= TcpOptions.MAX_BYTES
                    && random.nextBoolean() ? padding + 4 : padding));
        } else {
            for (; bytes % 4 != 0; bytes++) {
                options.add(new TcpOption.NoOperation());
            }
        }
        return new TcpOptions(options);
    }

    /** Decodes and checks the invariants that hold for any input; returns the result for further checks. */
    private static DecodeResult decodeSafely(byte[] input, String what) {
        DecodeResult result;
        try {
            result = SegmentCodec.decode(input, PSEUDO);
        } catch (RuntimeException escaped) {
            throw new AssertionError(what + ": the decoder threw on " + Arrays.toString(input), escaped);
        }
        DecodeResult inPlace = SegmentCodec.decodeBorrowing(input, 0, input.length, PSEUDO);
        assertEquals(result, inPlace, what + ": decoding in place must agree with decoding a copy");
        if (result instanceof DecodeResult.Rejected rejected) {
            assertFalse(rejected.reason().isBlank(), what);
        } else {
            Segment segment = ((DecodeResult.Decoded) result).segment();
            byte[] expected = input.clone();
            expected[12] &= (byte) 0xF0; // reserved bits are not kept
            List<TcpOption> options = segment.options().list();
            if (!options.isEmpty() && options.get(options.size() - 1) instanceof TcpOption.EndOfOptionList) {
                int eol = Segment.MIN_HEADER_BYTES
                        + options.subList(0, options.size() - 1).stream().mapToInt(TcpOption::length).sum();
                Arrays.fill(expected, eol + 1, segment.headerLength(), (byte) 0); // padding is written as zeros
            }
            assertArrayEquals(expected, SegmentCodec.encodeRaw(segment), what + ": accepted bytes must re-encode");
        }
        return result;
    }

    @Test
    void validEncodingsRoundTripExactly() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 3_000; i++) {
            Segment segment = randomSegment(random);
            byte[] bytes = SegmentCodec.encode(segment, PSEUDO);
            DecodeResult result = SegmentCodec.decode(bytes, PSEUDO);
            Segment decoded = ((DecodeResult.Decoded) result).segment();
            assertEquals(segment.withChecksum(decoded.checksum()), decoded, "case " + i);
            assertArrayEquals(bytes, SegmentCodec.encode(decoded, PSEUDO), "case " + i);
            assertArrayEquals(bytes, SegmentCodec.encodeRaw(decoded), "case " + i);
            int at = random.nextInt(9);
            byte[] buffer = new byte[at + bytes.length + random.nextInt(9)];
            assertEquals(bytes.length, SegmentCodec.encodeInto(segment, PSEUDO, buffer, at), "case " + i);
            assertArrayEquals(bytes, Arrays.copyOfRange(buffer, at, at + bytes.length), "case " + i + " in place");
        }
    }

    @Test
    void randomBytesNeverThrowAndRejectionsCarryReasons() {
        assertTimeoutPreemptively(HANG, () -> {
            SplittableRandom random = new SplittableRandom(SEED + 1);
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                byte[] input = new byte[random.nextInt(80)];
                random.nextBytes(input);
                decodeSafely(input, "random input " + i);
            }
        });
    }

    @Test
    void mutatedSegmentsNeverThrowAndReachEveryRejection() {
        Map<RejectionKind, Integer> seen = new EnumMap<>(RejectionKind.class);
        int[] accepted = {0};
        assertTimeoutPreemptively(HANG, () -> {
            SplittableRandom random = new SplittableRandom(SEED + 2);
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] input = mutate(SegmentCodec.encode(randomSegment(random), PSEUDO), random);
                // Half the time repair the checksum, so the mutation reaches the checks behind it.
                if (random.nextBoolean() && input.length >= 18) {
                    SegmentCodecTest.fixChecksum(input, PSEUDO);
                }
                DecodeResult result = decodeSafely(input, "mutation " + i);
                if (result instanceof DecodeResult.Rejected rejected) {
                    seen.merge(rejected.kind(), 1, Integer::sum);
                } else {
                    accepted[0]++;
                }
            }
        });
        for (RejectionKind kind : new RejectionKind[] {RejectionKind.TRUNCATED_HEADER, RejectionKind.BAD_DATA_OFFSET,
                RejectionKind.BAD_CHECKSUM, RejectionKind.MALFORMED_OPTION}) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, "never produced " + kind + ": " + seen);
        }
        assertTrue(accepted[0] > 0, "some mutations (payload bytes with a repaired checksum) should decode");
    }

    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0: { // bit flips
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(bytes.length * 8);
                    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return bytes;
            }
            case 1: // truncation
                return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2: { // extension with random bytes
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            default: { // a random header byte, most often in the offset and option area
                int index = random.nextBoolean() ? 12 : 20 + random.nextInt(4);
                if (index < bytes.length) {
                    bytes[index] = (byte) random.nextInt(256);
                }
                return bytes;
            }
        }
    }
}
