package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteSliceTest {

    private static final byte[] RING = {0, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void aRingSliceWrapsAroundTheEnd() {
        ByteSlice slice = ByteSlice.borrowRing(RING, 6, 5);
        assertArrayEquals(new byte[] {6, 7, 0, 1, 2}, slice.toArray());
        assertEquals(7, slice.get(1));
        assertEquals(0, slice.get(2));
        byte[] out = new byte[7];
        slice.copyTo(1, out, 2, 3);
        assertArrayEquals(new byte[] {0, 0, 7, 0, 1, 0, 0}, out);
        assertArrayEquals(new byte[] {0, 1}, slice.slice(2, 2).toArray());
        assertArrayEquals(new byte[] {7, 0}, slice.slice(1, 2).toArray());
        assertArrayEquals(new byte[] {6, 7, 0, 1, 2}, toArray(slice.asReadOnlyBuffer()));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.copyTo(3, out, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ByteSlice.borrowRing(RING, 8, 1));
    }

    @Test
    void contentDecidesEqualityWhateverTheLayout() {
        ByteSlice wrapped = ByteSlice.borrowRing(RING, 6, 4);
        ByteSlice plain = ByteSlice.copyOf(new byte[] {6, 7, 0, 1});
        assertTrue(wrapped.contentEquals(plain));
        assertTrue(plain.contentEquals(wrapped));
        assertEquals(Arrays.hashCode(new byte[] {6, 7, 0, 1}), wrapped.contentHash());
        assertEquals(plain.contentHash(), wrapped.contentHash());
        assertFalse(wrapped.contentEquals(ByteSlice.copyOf(new byte[] {6, 7, 0, 2})));
        assertFalse(wrapped.contentEquals(ByteSlice.copyOf(new byte[] {6, 7, 0})));
    }

    @Test
    void anOwnedCopyOutlivesTheBorrowedBytes() {
        byte[] buffer = {1, 2, 3, 4};
        ByteSlice borrowed = ByteSlice.borrow(buffer, 1, 2);
        ByteSlice owned = borrowed.owned();
        assertTrue(borrowed.isBorrowed());
        assertFalse(owned.isBorrowed());
        assertNotSame(borrowed, owned);
        assertSame(owned, owned.owned());
        buffer[1] = 9;
        assertArrayEquals(new byte[] {9, 3}, borrowed.toArray(), "borrowed: the owner's change shows");
        assertArrayEquals(new byte[] {2, 3}, owned.toArray(), "owned: it does not");
        byte[] source = {5, 6};
        ByteSlice copied = ByteSlice.copyOf(source);
        source[0] = 0;
        assertArrayEquals(new byte[] {5, 6}, copied.toArray());
        assertTrue(ByteSlice.copyOf(new byte[0]).isEmpty());
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
