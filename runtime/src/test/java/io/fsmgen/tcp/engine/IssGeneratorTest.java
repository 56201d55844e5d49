package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IssGeneratorTest {

    private static final EndpointAddress CLIENT = EndpointAddress.of(Golden.CLIENT_IP, 40000);
    private static final EndpointAddress SERVER = EndpointAddress.of(Golden.SERVER_IP, 80);

    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void sipHashMatchesTheReferenceVectors() {
        // Key 00..0f, messages 00..(n-1): vectors from the SipHash paper and its reference implementation.
        SipHash24 hash = SipHash24.ofKey(counting(16));
        assertEquals(0x726fdb47dd0e0e31L, hash.hash(counting(0)));
        assertEquals(0x74f839c593dc67fdL, hash.hash(counting(1)));
        assertEquals(0xa129ca6149be45e5L, hash.hash(counting(15)));
    }

    @Test
    void sameSeedAndClockGiveTheSameIss() {
        IssGenerator a = IssGenerator.seeded(99, () -> 12_345_678L);
        IssGenerator b = IssGenerator.seeded(99, () -> 12_345_678L);
        assertEquals(a.next(CLIENT, SERVER), b.next(CLIENT, SERVER));
        assertNotEquals(a.next(CLIENT, SERVER), IssGenerator.seeded(100, () -> 12_345_678L).next(CLIENT, SERVER));
    }

    @Test
    void theClockAdvancesTheIssOnceEveryFourMicroseconds() {
        AtomicLong nanos = new AtomicLong();
        IssGenerator generator = IssGenerator.seeded(1, nanos::get);
        int base = generator.next(CLIENT, SERVER);
        assertEquals(generator.offset(CLIENT, SERVER), base);
        nanos.set(3_999);
        assertEquals(base, generator.next(CLIENT, SERVER));
        nanos.set(4_000);
        assertEquals(base + 1, generator.next(CLIENT, SERVER));
        nanos.set(1_000_000_000L); // one second: 250 000 ticks
        assertEquals(base + 250_000, generator.next(CLIENT, SERVER));
    }

    @Test
    void eachFourTupleGetsItsOwnOffset() {
        IssGenerator generator = IssGenerator.seeded(5, () -> 0);
        int offset = generator.offset(CLIENT, SERVER);
        assertNotEquals(offset, generator.offset(EndpointAddress.of(Golden.CLIENT_IP, 40001), SERVER));
        assertNotEquals(offset, generator.offset(SERVER, CLIENT));
        assertNotEquals(offset, generator.offset(CLIENT, EndpointAddress.of(Ipv4Address.of(10, 0, 0, 3), 80)));
    }

    @Test
    void anExplicitSecretIsUsedAsIs() {
        IssGenerator a = IssGenerator.withSecret(counting(16), () -> 0);
        IssGenerator b = IssGenerator.withSecret(counting(16), () -> 0);
        assertEquals(a.next(CLIENT, SERVER), b.next(CLIENT, SERVER));
        assertThrows(IllegalArgumentException.class, () -> IssGenerator.withSecret(new byte[15], () -> 0));
        IssGenerator.secure(System::nanoTime).next(CLIENT, SERVER); // must simply work
    }
}
