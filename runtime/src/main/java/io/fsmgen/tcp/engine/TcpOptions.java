package io.fsmgen.tcp.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A segment's option list, in wire order, padding included: what the data offset covers beyond the fixed header.
 * A value: immutable, compared by its list.
 *
 * <p>The list fills whole 32-bit words: padded with no-operations, or ended by a
 * {@link TcpOption.EndOfOptionList} that spans the padding after it (§3.1). So a decoded list re-encodes to the same
 * header length, and a list built for sending says exactly what goes on the wire: the layout (Linux's
 * {@code mss, sackOK, TS, nop, wscale}, say) is the builder's choice, not something the codec rearranges.
 *
 * <p>When a kind occurs more than once the accessors report the first occurrence; nothing in RFC 9293 makes a
 * repeated option an error, so the codec keeps both.
 *
 */
public final class TcpOptions {

    /** RFC 9293 §3.1: the data offset's 15 words leave 40 bytes beyond the fixed header. */
    public static final int MAX_BYTES = 40;

    public static final TcpOptions NONE = new TcpOptions(List.of());

    private final List<TcpOption> list;
    /** Computed once: every segment asks for its header length, often more than once. */
    private final int encodedLength;

    /** @param options the options in order; at most 40 bytes, a multiple of 4 */
    public TcpOptions(List<TcpOption> options) {
        List<TcpOption> list = List.copyOf(options);
        int bytes = 0;
        for (int i = 0; i < list.size(); i++) {
            TcpOption option = list.get(i);
            if (option instanceof TcpOption.EndOfOptionList && i != list.size() - 1) {
                throw new IllegalArgumentException("end of option list must be the last option: " + list);
            }
            bytes += option.length();
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("options take " + bytes + " bytes, more than the " + MAX_BYTES
                    + " a TCP header holds: " + list);
        }
        if (bytes % 4 != 0) {
            throw new IllegalArgumentException("options take " + bytes + " bytes: pad them to a multiple of 4 with"
                    + " no-operations, or with an end-of-option-list spanning the rest: " + list);
        }
        this.list = list;
        this.encodedLength = bytes;
    }

    public static TcpOptions of(TcpOption... options) {
        return new TcpOptions(List.of(options));
    }

    /** The options in wire order. */
    public List<TcpOption> list() {
        return list;
    }

    /** The bytes the options occupy on the wire, padding included: a multiple of 4. */
    public int encodedLength() {
        return encodedLength;
    }

    /**
     * How many SACK blocks fit beside {@code otherBytes} of other options, with the two NOPs and the kind and length
     * bytes a SACK option needs: four alone, three beside timestamps.
     */
    public static int sackBlocksFitting(int otherBytes) {
        return Math.max(0, Math.min(TcpOption.Sack.MAX_BLOCKS,
                (MAX_BYTES - otherBytes - 4) / TcpOption.Sack.BLOCK_BYTES));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TcpOptions that && list.equals(that.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public OptionalInt mss() {
        Optional<TcpOption.MaximumSegmentSize> mss = first(TcpOption.MaximumSegmentSize.class);
        return mss.isPresent() ? OptionalInt.of(mss.get().value()) : OptionalInt.empty();
    }

    public Optional<TcpOption.WindowScale> windowScale() {
        return first(TcpOption.WindowScale.class);
    }

    public boolean sackPermitted() {
        return first(TcpOption.SackPermitted.class).isPresent();
    }

    /** The SACK blocks of the first SACK option, or none. */
    public List<SackBlock> sackBlocks() {
        return first(TcpOption.Sack.class).map(TcpOption.Sack::blocks).orElse(List.of());
    }

    public Optional<TcpOption.Timestamps> timestamps() {
        return first(TcpOption.Timestamps.class);
    }

    /** The first option of {@code type}. */
    public <T extends TcpOption> Optional<T> first(Class<T> type) {
        for (TcpOption option : list) {
            if (type.isInstance(option)) {
                return Optional.of(type.cast(option));
            }
        }
        return Optional.empty();
    }

    /** tcpdump's notation, {@code <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>}; empty for no options. */
    @Override
    public String toString() {
        return list.isEmpty() ? "" : TcpOption.render(list);
    }

    /**
     * Lays options out the way Linux does, each kind aligned on its natural boundary with no-operations, so that
     * what this stack sends looks like what a stock kernel sends: MSS first, then SACK-permitted folded into the
     * timestamps' padding, then window scale after one no-operation, then SACK blocks after two.
     */
    public static final class Builder {
        private OptionalInt mss = OptionalInt.empty();
        private boolean sackPermitted;
        private TcpOption.Timestamps timestamps;
        private OptionalInt windowScale = OptionalInt.empty();
        private List<SackBlock> sackBlocks = List.of();

        public Builder mss(int value) {
            mss = OptionalInt.of(value);
            return this;
        }

        public Builder sackPermitted() {
            sackPermitted = true;
            return this;
        }

        public Builder timestamps(int value, int echoReply) {
            timestamps = new TcpOption.Timestamps(value, echoReply);
            return this;
        }

        public Builder windowScale(int shift) {
            windowScale = OptionalInt.of(shift);
            return this;
        }

        /** As many of {@code blocks} as fit in what the other options leave, in the order given. */
        public Builder sackBlocks(List<SackBlock> blocks) {
            sackBlocks = List.copyOf(blocks);
            return this;
        }

        public TcpOptions build() {
            List<TcpOption> out = new ArrayList<>();
            mss.ifPresent(value -> out.add(new TcpOption.MaximumSegmentSize(value)));
            if (timestamps != null) {
                if (sackPermitted) {
                    out.add(new TcpOption.SackPermitted());
                } else {
                    out.add(new TcpOption.NoOperation());
                    out.add(new TcpOption.NoOperation());
                }
                out.add(timestamps);
            } else if (sackPermitted) {
                out.add(new TcpOption.NoOperation());
                out.add(new TcpOption.NoOperation());
                out.add(new TcpOption.SackPermitted());
            }
            windowScale.ifPresent(shift -> {
                out.add(new TcpOption.NoOperation());
                out.add(new TcpOption.WindowScale(shift));
            });
            int used = 0;
            for (TcpOption option : out) {
                used += option.length();
            }
            int blocks = Math.min(sackBlocksFitting(used), sackBlocks.size());
            if (blocks > 0) {
                out.add(new TcpOption.NoOperation());
                out.add(new TcpOption.NoOperation());
                out.add(new TcpOption.Sack(sackBlocks.subList(0, blocks)));
            }
            return out.isEmpty() ? NONE : new TcpOptions(out);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
