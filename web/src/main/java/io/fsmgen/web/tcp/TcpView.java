package io.fsmgen.web.tcp;

import io.fsmgen.web.StateCounts;
import io.fsmgen.web.View;
import io.fsmgen.web.WebOptions;
import io.fsmgen.web.diagram.Diagram;
import io.fsmgen.web.diagram.DiagramBuilder;
import io.fsmgen.web.diagram.MachineModel;
import io.fsmgen.web.diagram.ModelLoader;
import io.fsmgen.web.json.JsonOut;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The TCP page: the RFC's state diagram drawn from the machine's model, with the number of connections in each state
 * and each transition flashing as a connection takes it; an {@code ss}-style table with the kernel's state beside the
 * machine's and CLOSE_WAIT leaks marked; and each conversation's timeline for the sequence diagram.
 *
 * <p>Each tick it takes the source's transitions (all go to the timelines; at most
 * {@link WebOptions#eventsPerTick()} are sent to animate, the rest counted as skipped), the counts per state, and a
 * few times a second the table's rows, sent as changes against what the pages already have.
 */
public final class TcpView implements View {

    private static final long ROW_REFRESH_MILLIS = 500;

    private final String id;
    private final String title;
    private final TcpSource source;
    private final WebOptions options;
    private final MachineModel model;
    private final Diagram diagram;
    private final Glossary glossary;
    private final Timelines timelines;
    private final ArrayDeque<Logged> log = new ArrayDeque<>();
    private final Map<Long, Shown> rows = new LinkedHashMap<>();
    private final StateCounts counts = new StateCounts();
    private final long epochOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    private final int rowsEveryTicks;
    private final long leakAfterMillis;
    private long ticks;
    private boolean refreshRowsNow;
    private long skipped;
    private long lostSent;
    private int hiddenRows;

    /** A transition kept for the log a page gets when it opens. */
    private record Logged(TcpTransition transition, String conversation, List<String> segments) {}

    /** A row as the pages have it. */
    private record Shown(TcpRow row, String kernel, boolean leak, long sinceEpochMillis) {
        boolean sameAs(TcpRow other, String otherKernel, boolean otherLeak) {
            return row.state().equals(other.state()) && row.observed() == other.observed()
                    && row.bytesIn() == other.bytesIn() && row.bytesOut() == other.bytesOut()
                    && Objects.equals(row.owner(), other.owner()) && Objects.equals(row.local(), other.local())
                    && Objects.equals(row.remote(), other.remote()) && Objects.equals(kernel, otherKernel)
                    && leak == otherLeak;
        }
    }

    public TcpView(String id, String title, TcpSource source, WebOptions options) {
        this.id = id;
        this.title = title;
        this.source = source;
        this.options = options;
        this.model = ModelLoader.load(source.loader(), source.machine());
        this.diagram = DiagramBuilder.build(model, ModelLoader.hint(source.loader(), model.stateType()));
        this.glossary = Glossary.fromReadme();
        this.timelines = new Timelines(options.timelines(), options.timelineSteps());
        this.rowsEveryTicks = (int) Math.max(1, ROW_REFRESH_MILLIS / options.tick().toMillis());
        this.leakAfterMillis = source.leakAfter().map(Duration::toMillis).orElse(-1L);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String kind() {
        return "tcp";
    }

    /** The model the diagram is drawn from. */
    public MachineModel model() {
        return model;
    }

    /** The laid-out diagram the page draws. */
    public Diagram diagram() {
        return diagram;
    }

    @Override
    public void describe(JsonOut out) {
        out.beginObject().field("machine", model.machine()).field("name", model.name())
                .field("initial", model.initial()).field("source", source.describe())
                .field("leakAfterMs", leakAfterMillis).field("maxEventsPerSecond", options.maxEventsPerSecond())
                .field("tickMs", options.tick().toMillis());
        out.name("states").beginArray();
        model.stateNames().forEach(out::value);
        out.endArray().name("diagram");
        diagram.write(out);
        out.name("glossary").beginObject();
        glossary.texts().forEach(out::field);
        out.endObject().endObject();
    }

    @Override
    public void live(boolean live) {
        source.live(live);
        refreshRowsNow = live;
    }

    @Override
    public boolean tick(long nowNanos, JsonOut out) {
        out.beginObject().field("type", "batch").field("now", epochMillis(nowNanos));
        boolean changed = false;
        int budget = options.eventsPerTick();
        int[] sent = {0};
        long skippedBefore = skipped;
        out.name("transitions").beginArray();
        source.drain(t -> {
            String conversation = timelines.add(t);
            if (t.lane() == TcpTransition.Lane.KERNEL) {
                return; // the kernel's lane is for the timelines: the diagram and the log show the machines
            }
            Logged logged = new Logged(t, conversation, timelines.lastSegments(conversation));
            log.addLast(logged);
            if (log.size() > options.logSize()) {
                log.removeFirst();
            }
            if (sent[0] < budget) {
                sent[0]++;
                writeTransition(out, logged);
            } else {
                skipped++;
            }
        });
        out.endArray();
        changed |= sent[0] > 0 || skipped != skippedBefore;
        out.field("skipped", skipped);

        if (counts.update(count -> source.states((connection, state) -> count.accept(state)))) {
            changed = true;
            counts.write(out);
        }
        if (refreshRowsNow || ++ticks % rowsEveryTicks == 0) {
            refreshRowsNow = false;
            changed |= refreshRows(nowNanos, out);
        }
        long lost = source.lost();
        if (lost != lostSent) {
            lostSent = lost;
            changed = true;
        }
        out.field("lost", lost);
        out.endObject();
        return changed;
    }

    @Override
    public void snapshot(long nowNanos, JsonOut out) {
        out.beginObject().field("type", "snapshot").field("now", epochMillis(nowNanos))
                .field("skipped", skipped).field("lost", source.lost()).field("hiddenRows", hiddenRows);
        counts.write(out);
        out.name("rows").beginArray();
        rows.values().forEach(shown -> writeRow(out, shown));
        out.endArray().name("log").beginArray();
        log.forEach(logged -> writeTransition(out, logged));
        out.endArray().endObject();
    }

    @Override
    public boolean query(String name, Map<String, String> parameters, JsonOut out) {
        if (!name.equals("timeline")) {
            return false;
        }
        String connection = parameters.get("conn");
        long endpoint;
        try {
            endpoint = Long.parseLong(Objects.requireNonNullElse(connection, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeline needs conn=<connection id>, not '" + connection + "'");
        }
        if (!timelines.write(endpoint, out)) {
            out.beginObject().name("steps").beginArray().endArray()
                    .field("note", "No timeline recorded for connection " + endpoint + ": recording starts when a"
                            + " page opens, and the last " + options.timelines() + " conversations are kept.")
                    .endObject();
        }
        return true;
    }

    @Override
    public void close() {
        source.close();
    }

    private boolean refreshRows(long nowNanos, JsonOut out) {
        List<TcpRow> current = new ArrayList<>();
        source.rows(current::add);
        int total = current.size();
        if (total > options.maxRows()) {
            current = current.subList(0, options.maxRows());
        }
        BitSet localPorts = new BitSet();
        current.stream().filter(row -> row.local() != null).forEach(row -> localPorts.set(row.local().getPort()));
        KernelStates kernel = source.kernel();
        kernel.refresh(localPorts);
        Set<Long> seen = new HashSet<>();
        boolean changed = false;
        out.name("upserts").beginArray();
        for (TcpRow row : current) {
            seen.add(row.id());
            String kernelState = kernel.stateOf(row.local(), row.remote()).orElse(null);
            boolean leak = leakAfterMillis >= 0 && row.state().equals("CLOSE_WAIT")
                    && row.inStateMillis() >= leakAfterMillis;
            Shown before = rows.get(row.id());
            if (before != null && before.sameAs(row, kernelState, leak)) {
                continue;
            }
            long since = before != null && before.row().state().equals(row.state()) ? before.sinceEpochMillis()
                    : epochMillis(nowNanos) - row.inStateMillis();
            Shown shown = new Shown(row, kernelState, leak, since);
            rows.put(row.id(), shown);
            writeRow(out, shown);
            changed = true;
        }
        out.endArray();
        int hidden = Math.max(0, total - options.maxRows());
        if (hidden != hiddenRows) {
            hiddenRows = hidden;
            changed = true;
        }
        out.field("hiddenRows", hiddenRows);
        out.name("removes").beginArray();
        for (var it = rows.keySet().iterator(); it.hasNext(); ) {
            long row = it.next();
            if (!seen.contains(row)) {
                it.remove();
                out.value(row);
                changed = true;
            }
        }
        out.endArray();
        return changed;
    }

    private void writeRow(JsonOut out, Shown shown) {
        TcpRow row = shown.row();
        out.beginObject().field("id", row.id()).field("side", lower(row.side()))
                .field("local", Timelines.address(row.local())).field("remote", Timelines.address(row.remote()))
                .field("state", row.state()).field("observed", row.observed()).field("since", shown.sinceEpochMillis())
                .field("bytesIn", row.bytesIn()).field("bytesOut", row.bytesOut()).field("owner", row.owner())
                .field("kernel", shown.kernel()).field("leak", shown.leak())
                .field("conv", timelines.keyOf(row.id()))
                .endObject();
    }

    private void writeTransition(JsonOut out, Logged logged) {
        TcpTransition t = logged.transition();
        out.beginObject().field("id", t.id()).field("conv", logged.conversation()).field("side", lower(t.side()))
                .field("lane", lower(t.lane())).field("local", Timelines.address(t.local()))
                .field("remote", Timelines.address(t.remote())).field("from", t.from()).field("event", t.event())
                .field("to", t.to()).field("inferred", t.inferred()).field("at", epochMillis(t.nanos()));
        out.name("segments").beginArray();
        logged.segments().forEach(out::value);
        out.endArray().endObject();
    }

    private long epochMillis(long nanos) {
        return epochOffsetMillis + nanos / 1_000_000;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
