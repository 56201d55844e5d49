package io.fsmgen.web.tcp;

import io.fsmgen.tcp.kernel.SsFormat;
import io.fsmgen.web.json.JsonOut;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each conversation's steps, for its sequence diagram: both ends of a connection (when both are in the source, as on
 * loopback) share one timeline, keyed by their pair of addresses. Bounded: the last {@code capacity}
 * conversations, {@code stepsEach} steps each; steps beyond are counted. Used on the publisher thread only.
 */
final class Timelines {

    /** One step of a timeline. */
    record Step(TcpTransition transition, List<String> segments) {}

    /** A conversation: its ends' addresses, as far as known, and its steps. */
    static final class Conversation {
        final String key;
        final List<Step> steps = new ArrayList<>();
        InetSocketAddress client;
        InetSocketAddress server;
        boolean listener;
        long droppedSteps;

        Conversation(String key) {
            this.key = key;
        }
    }

    private final int stepsEach;
    private final Segments segments = new Segments();
    private final Map<String, Conversation> conversations;
    private final Map<Long, String> keyOfEndpoint;
    /** Kernel steps whose conversation has no machine step yet, by conversation key; the oldest are forgotten. */
    private final Map<String, List<TcpTransition>> early = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<TcpTransition>> eldest) {
            return size() > 1024;
        }
    };

    Timelines(int capacity, int stepsEach) {
        this.stepsEach = stepsEach;
        this.conversations = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
                return size() > capacity;
            }
        };
        this.keyOfEndpoint = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                return size() > 4 * capacity;
            }
        };
    }

    /** Records a transition; returns the key of its conversation. */
    String add(TcpTransition t) {
        if (t.lane() == TcpTransition.Lane.KERNEL) {
            return addKernel(t);
        }
        String key = keyOf(t);
        String previous = keyOfEndpoint.put(t.id(), key);
        Conversation conversation = conversations.get(key);
        if (previous != null && !previous.equals(key)) {
            // The endpoint's addresses became known: its early steps join the conversation.
            Conversation early = conversations.remove(previous);
            if (early != null) {
                if (conversation == null) {
                    conversation = new Conversation(key);
                    conversations.put(key, conversation);
                }
                for (Step step : early.steps) {
                    append(conversation, step);
                }
                conversation.droppedSteps += early.droppedSteps;
            }
        }
        if (conversation == null) {
            conversation = new Conversation(key);
            conversations.put(key, conversation);
        }
        List<TcpTransition> told = early.remove(key);
        if (told != null) {
            placeEarly(conversation, t, told);
        }
        switch (t.side()) {
            case CLIENT -> {
                conversation.client = t.local() != null ? t.local() : conversation.client;
                conversation.server = t.remote() != null ? t.remote() : conversation.server;
            }
            case SERVER -> {
                conversation.server = t.local() != null ? t.local() : conversation.server;
                conversation.client = t.remote() != null ? t.remote() : conversation.client;
            }
            case LISTENER -> {
                conversation.listener = true;
                conversation.server = t.local();
            }
        }
        if (conversation.steps.size() >= stepsEach) {
            conversation.droppedSteps++;
        } else {
            List<String> sent = t.lane() == TcpTransition.Lane.MACHINE ? segments.of(t.from(), t.event()) : List.of();
            conversation.steps.add(new Step(t, sent));
        }
        return key;
    }

    /**
     * A kernel transition joins the conversation of its 4-tuple, on the side whose address it is; one of a socket
     * the machines never saw (another process's, or before a page opened) starts no conversation.
     */
    private String addKernel(TcpTransition t) {
        String key = keyOf(t);
        Conversation conversation = conversations.get(key);
        if (conversation == null) {
            // The kernel may tell before the machine: keep it a moment for the conversation that may follow.
            List<TcpTransition> waiting = early.computeIfAbsent(key, k -> new ArrayList<>());
            if (waiting.size() < stepsEach) {
                waiting.add(t);
            }
            return key;
        }
        TcpTransition.Side side = t.local().equals(conversation.client) ? TcpTransition.Side.CLIENT
                : TcpTransition.Side.SERVER;
        TcpTransition placed = new TcpTransition(t.id(), side, t.lane(), t.local(), t.remote(), t.from(), t.event(),
                t.to(), t.nanos(), t.inferred());
        append(conversation, new Step(placed, List.of()));
        return key;
    }

    /** Adds a step within the cap of {@code stepsEach}; one beyond it is counted. */
    private void append(Conversation conversation, Step step) {
        if (conversation.steps.size() >= stepsEach) {
            conversation.droppedSteps++;
        } else {
            conversation.steps.add(step);
        }
    }

    /** Kernel steps that came before their conversation's first machine step. */
    private void placeEarly(Conversation conversation, TcpTransition first, List<TcpTransition> told) {
        InetSocketAddress client = first.side() == TcpTransition.Side.CLIENT ? first.local() : first.remote();
        for (TcpTransition k : told) {
            TcpTransition.Side side = k.local().equals(client) ? TcpTransition.Side.CLIENT : TcpTransition.Side.SERVER;
            append(conversation, new Step(new TcpTransition(k.id(), side, k.lane(), k.local(), k.remote(), k.from(),
                    k.event(), k.to(), k.nanos(), k.inferred()), List.of()));
        }
    }

    /** The segments the last recorded step of {@code key} sent. */
    List<String> lastSegments(String key) {
        Conversation conversation = conversations.get(key);
        if (conversation == null || conversation.steps.isEmpty()) {
            return List.of();
        }
        return conversation.steps.get(conversation.steps.size() - 1).segments();
    }

    /** The conversation key of an endpoint, if it has one recorded. */
    String keyOf(long endpoint) {
        return keyOfEndpoint.get(endpoint);
    }

    /** Writes the timeline of {@code endpoint}'s conversation; false when none is recorded. */
    boolean write(long endpoint, JsonOut out) {
        String key = keyOfEndpoint.get(endpoint);
        Conversation conversation = key == null ? null : conversations.get(key);
        if (conversation == null) {
            return false;
        }
        out.beginObject().field("conv", conversation.key).field("listener", conversation.listener)
                .field("client", address(conversation.client)).field("server", address(conversation.server))
                .field("droppedSteps", conversation.droppedSteps);
        out.name("steps").beginArray();
        // The kernel's steps arrive on their own path: order both lanes by when they happened.
        List<Step> ordered = new ArrayList<>(conversation.steps);
        ordered.sort(java.util.Comparator.comparingLong(step -> step.transition().nanos()));
        long start = ordered.isEmpty() ? 0 : ordered.get(0).transition().nanos();
        for (Step step : ordered) {
            TcpTransition t = step.transition();
            out.beginObject().name("at").value(Math.round((t.nanos() - start) / 1e3) / 1e3).field("id", t.id())
                    .field("side", t.side().name().toLowerCase(java.util.Locale.ROOT))
                    .field("lane", t.lane().name().toLowerCase(java.util.Locale.ROOT))
                    .field("from", t.from()).field("event", t.event()).field("to", t.to())
                    .field("inferred", t.inferred());
            out.name("segments").beginArray();
            step.segments().forEach(out::value);
            out.endArray().endObject();
        }
        return out.endArray().endObject() != null;
    }

    static String address(InetSocketAddress address) {
        return address == null ? null : SsFormat.address(address);
    }

    private static String keyOf(TcpTransition t) {
        if (t.side() == TcpTransition.Side.LISTENER) {
            return t.local() == null ? "endpoint-" + t.id() : "listen " + address(t.local());
        }
        if (t.local() == null || t.remote() == null) {
            return "endpoint-" + t.id();
        }
        String a = address(t.local());
        String b = address(t.remote());
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }
}
