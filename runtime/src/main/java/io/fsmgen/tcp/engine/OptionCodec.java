package io.fsmgen.tcp.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The option half of {@link SegmentCodec}: walks the bytes between the fixed header and the data offset, kind by
 * kind, as RFC 9293 §3.1 and MUST-68 ask: every kind this stack knows is checked against its fixed length, any other
 * is skipped by its length byte. Never throws; a malformed list comes back as the reason to reject the segment.
 */
final class OptionCodec {

    /** Options decoded, or why they could not be. Exactly one of the two is non-null. */
    record Parsed(TcpOptions options, String problem) {
    }

    private OptionCodec() {
    }

    /**
     * Decodes {@code bytes[from, to)}; {@code headerStart} is where the TCP header begins, so that reasons name the
     * byte within the header.
     */
    static Parsed decode(byte[] bytes, int headerStart, int from, int to) {
        List<TcpOption> options = new ArrayList<>();
        int position = from;
        while (position < to) {
            int kind = bytes[position] & 0xFF;
            int at = position - headerStart;
            if (kind == TcpOption.EndOfOptionList.KIND) {
                options.add(new TcpOption.EndOfOptionList(to - position)); // the rest is padding, ignored
                break;
            }
            if (kind == TcpOption.NoOperation.KIND) {
                options.add(new TcpOption.NoOperation());
                position++;
                continue;
            }
            if (position + 1 >= to) {
                return problem(TcpOption.nameOf(kind) + " option at header byte " + at
                        + " has no length byte before the data offset ends the options");
            }
            int length = bytes[position + 1] & 0xFF;
            if (length < 2) {
                return problem(TcpOption.nameOf(kind) + " option at header byte " + at + " has length " + length
                        + ", less than the 2 bytes of kind and length");
            }
            if (position + length > to) {
                return problem(TcpOption.nameOf(kind) + " option at header byte " + at + " has length " + length
                        + ", running " + (position + length - to) + " bytes past the data offset");
            }
            String wrongLength = checkLength(kind, length);
            if (wrongLength != null) {
                return problem(TcpOption.nameOf(kind) + " option at header byte " + at + " has length " + length
                        + ", but " + wrongLength);
            }
            options.add(option(bytes, position, kind, length));
            position += length;
        }
        return new Parsed(new TcpOptions(options), null);
    }

    private static Parsed problem(String reason) {
        return new Parsed(null, reason);
    }

    /** Null when {@code length} suits {@code kind}, else what it should be. */
    private static String checkLength(int kind, int length) {
        return switch (kind) {
            case TcpOption.MaximumSegmentSize.KIND -> exactly(TcpOption.MaximumSegmentSize.LENGTH, length);
            case TcpOption.WindowScale.KIND -> exactly(TcpOption.WindowScale.LENGTH, length);
            case TcpOption.SackPermitted.KIND -> exactly(TcpOption.SackPermitted.LENGTH, length);
            case TcpOption.Timestamps.KIND -> exactly(TcpOption.Timestamps.LENGTH, length);
            case TcpOption.Sack.KIND -> length >= 2 + TcpOption.Sack.BLOCK_BYTES
                    && (length - 2) % TcpOption.Sack.BLOCK_BYTES == 0
                    ? null : "a SACK option is 2 bytes plus 8 for each of 1 to 4 blocks";
            default -> null;
        };
    }

    private static String exactly(int expected, int length) {
        return length == expected ? null : "this option is exactly " + expected + " bytes";
    }

    private static TcpOption option(byte[] bytes, int at, int kind, int length) {
        return switch (kind) {
            case TcpOption.MaximumSegmentSize.KIND ->
                    new TcpOption.MaximumSegmentSize(SegmentCodec.getU16(bytes, at + 2));
            case TcpOption.WindowScale.KIND -> new TcpOption.WindowScale(bytes[at + 2] & 0xFF);
            case TcpOption.SackPermitted.KIND -> new TcpOption.SackPermitted();
            case TcpOption.Timestamps.KIND -> new TcpOption.Timestamps(SegmentCodec.getU32(bytes, at + 2),
                    SegmentCodec.getU32(bytes, at + 6));
            case TcpOption.Sack.KIND -> {
                List<SackBlock> blocks = new ArrayList<>();
                for (int block = at + 2; block < at + length; block += TcpOption.Sack.BLOCK_BYTES) {
                    blocks.add(new SackBlock(SegmentCodec.getU32(bytes, block), SegmentCodec.getU32(bytes, block + 4)));
                }
                yield new TcpOption.Sack(blocks);
            }
            default -> new TcpOption.Unknown(kind, Arrays.copyOfRange(bytes, at + 2, at + length));
        };
    }

    /** Writes {@code options} at {@code at}; the caller's array is zeroed, so an EOL's padding is already there. */
    static void encode(TcpOptions options, byte[] bytes, int at) {
        int position = at;
        for (TcpOption option : options.list()) {
            bytes[position] = (byte) option.kind();
            if (option instanceof TcpOption.MaximumSegmentSize mss) {
                SegmentCodec.putU16(bytes, position + 2, mss.value());
            } else if (option instanceof TcpOption.WindowScale scale) {
                bytes[position + 2] = (byte) scale.shift();
            } else if (option instanceof TcpOption.Timestamps ts) {
                SegmentCodec.putU32(bytes, position + 2, ts.value());
                SegmentCodec.putU32(bytes, position + 6, ts.echoReply());
            } else if (option instanceof TcpOption.Sack sack) {
                int block = position + 2;
                for (SackBlock each : sack.blocks()) {
                    SegmentCodec.putU32(bytes, block, each.left());
                    SegmentCodec.putU32(bytes, block + 4, each.right());
                    block += TcpOption.Sack.BLOCK_BYTES;
                }
            } else if (option instanceof TcpOption.Unknown unknown) {
                byte[] data = unknown.data();
                System.arraycopy(data, 0, bytes, position + 2, data.length);
            }
            if (option.length() > 1 && !(option instanceof TcpOption.EndOfOptionList)) {
                bytes[position + 1] = (byte) option.length();
            }
            position += option.length();
        }
    }
}
