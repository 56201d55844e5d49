package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's own TCP transitions, read from its tracepoints through a private tracefs instance: every state
 * change ({@code sock:inet_sock_set_state}), reset sent and received, retransmission and socket destruction
 * ({@code tcp:*}), delivered to subscribers in kernel order with kernel timestamps comparable with
 * {@link System#nanoTime()}.
 *
 * <p>Why: socket calls never report the ACK of our FIN, FINs that cross, or the end of LAST_ACK; polling the kernel's
 * table races with the application. The tracepoints report each change as the kernel makes it. No BPF is involved:
 * tracefs formats and buffers the events, and this class reads the binary per-CPU buffers.
 *
 * <p><b>Use.</b> {@link #availability()} says once whether it can run here and, if not, why (not Linux, not root,
 * no tracefs, no tracepoint); {@link #open()} then creates the instance. {@link #subscribe(KernelInterest,
 * KernelTcpListener)} delivers the events of a {@link KernelInterest}: sockets by local or remote port, kinds of event,
 * new states, all filtered in the kernel (the union of the subscribers' interests), so what nobody wants costs
 * nothing here; {@link #subscribe(Collection, KernelTcpListener)} is every event of some ports, {@link #subscribeAll}
 * every TCP event of the host. {@link #sync} waits until every event the kernel
 * recorded before the call has been delivered. {@link #close()} removes the instance.
 *
 * <p><b>What it does to the system.</b> It creates {@code instances/fsmgen-<pid>-<n>-ns<pid namespace>} under tracefs
 * (mounting tracefs at {@code /sys/kernel/tracing} if needed), sets its {@code trace_clock} to {@code mono} and its
 * buffer size, and enables the five events there only while someone is subscribed. Instances of processes that died
 * are removed at the next open in their PID namespace. A JVM shutdown hook removes this one if the application exits
 * without closing it.
 *
 * <p><b>Losses.</b> If subscribers fall behind long enough for the kernel's buffer to fill, the kernel drops events;
 * the source reads the per-CPU counters, logs a warning and delivers {@link KernelTcpEvent.EventsLost} to every
 * subscriber. {@link #lostEvents()} is the total. A record it cannot decode is logged once with its bytes (later
 * ones at debug level) and skipped.
 *
 * <p>Thread-safe. Subscribers run on the source's reader thread (see {@link KernelTcpListener}).
 */
public final class KernelTransitionSource implements AutoCloseable {

    /**
     * How to open a source.
     *
     * @param tracefs      the tracefs root, or empty to find (and if need be mount) it
     * @param bufferSizeKb the instance's buffer per CPU, in KiB ({@code buffer_size_kb})
     * @param maxPending   decoded events held between the per-CPU readers and the subscribers before the readers
     *                     wait (and the kernel buffer fills instead)
     */
    public record Options(Optional<Path> tracefs, int bufferSizeKb, int maxPending) {
        /** 4 MiB per CPU: two seconds of 20,000 events/s in one CPU's buffer should the reader stall. */
        public static final int DEFAULT_BUFFER_SIZE_KB = 4096;

        public Options {
            Objects.requireNonNull(tracefs, "tracefs");
            if (bufferSizeKb < 1) {
                throw new IllegalArgumentException("bufferSizeKb must be positive: " + bufferSizeKb);
            }
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
            }
        }

        /** The defaults: tracefs found or mounted, {@value #DEFAULT_BUFFER_SIZE_KB} KiB per CPU. */
        public static Options defaults() {
            return new Options(Optional.empty(), DEFAULT_BUFFER_SIZE_KB, TraceStream.MAX_PENDING_DEFAULT);
        }

        public Options withTracefs(Path root) {
            return new Options(Optional.of(root), bufferSizeKb, maxPending);
        }

        public Options withBufferSizeKb(int kb) {
            return new Options(tracefs, kb, maxPending);
        }

        public Options withMaxPending(int n) {
            return new Options(tracefs, bufferSizeKb, n);
        }
    }

    /** A subscription; {@link #close()} ends it (the kernel filter is narrowed at once). */
    public interface Subscription extends AutoCloseable {
        /** The ports subscribed to, local and remote; empty for a host-wide subscription. */
        default Set<Integer> ports() {
            Set<Integer> all = new TreeSet<>(interest().localPorts());
            all.addAll(interest().remotePorts());
            return Set.copyOf(all);
        }

        /** What this subscription delivers. */
        KernelInterest interest();

        @Override
        void close();
    }

    private static final System.Logger LOG = System.getLogger(KernelTransitionSource.class.getName());
    private static final String MARKER_PREFIX = "fsmgen-sync ";
    /** Sockets remembered per port subscription; beyond it the oldest is forgotten (its later events then need a port match). */
    private static final int MAX_TRACKED_SOCKETS = 1 << 18;
    /** The five TCP events, in the order they are enabled. */
    private static final List<String> EVENTS = List.of(TcpTraceDecoder.SET_STATE, TcpTraceDecoder.SEND_RESET,
            TcpTraceDecoder.RECEIVE_RESET, TcpTraceDecoder.RETRANSMIT, TcpTraceDecoder.DESTROY);
    /** The kind each of {@link #EVENTS} delivers. */
    private static final Map<String, KernelInterest.Kind> KINDS = Map.of(
            TcpTraceDecoder.SET_STATE, KernelInterest.Kind.STATE_CHANGES,
            TcpTraceDecoder.SEND_RESET, KernelInterest.Kind.RESETS_SENT,
            TcpTraceDecoder.RECEIVE_RESET, KernelInterest.Kind.RESETS_RECEIVED,
            TcpTraceDecoder.RETRANSMIT, KernelInterest.Kind.RETRANSMISSIONS,
            TcpTraceDecoder.DESTROY, KernelInterest.Kind.DESTRUCTIONS);

    private final TracefsInstance instance;
    private final Map<String, TraceEventFormat> formats;
    private final TraceStream stream;
    private final FileChannel marker;
    private final CopyOnWriteArrayList<Sub> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean malformedWarned = new AtomicBoolean();
    private final AtomicLong markersWritten = new AtomicLong();
    private final Object syncLock = new Object();
    private final Thread shutdownHook;
    /** Guarded by {@link #syncLock}. */
    private long markersDelivered;
    /** Guarded by {@link #syncLock}. */
    private IOException failure;
    /** Guarded by {@link #syncLock}. */
    private boolean closed;
    /** Guarded by {@code this}: what each event's {@code filter} and {@code enable} files say now (null: off). */
    private final Map<String, String> appliedFilters = new HashMap<>();
    private volatile Thread readerThread;

    private final class Sub implements Subscription {
        final KernelTcpListener listener;
        final KernelInterest interest;
        /** Whether sockets are remembered: only where destructions are wanted, whose ports the kernel may clear. */
        final boolean tracksSockets;
        final AtomicBoolean warned = new AtomicBoolean();
        /** Sockets that matched by port, until destroyed: their later events match whatever their ports. */
        final Map<Long, Boolean> sockets = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > MAX_TRACKED_SOCKETS;
            }
        };

        Sub(KernelTcpListener listener, KernelInterest interest) {
            this.listener = listener;
            this.interest = interest;
            this.tracksSockets = !interest.isHostWide() && interest.kinds().contains(KernelInterest.Kind.DESTRUCTIONS);
        }

        @Override
        public KernelInterest interest() {
            return interest;
        }

        /** Called on the reader thread only. */
        boolean wants(KernelTcpEvent e) {
            if (!interest.wantsKind(e)) {
                return false;
            }
            if (interest.isHostWide() || !(e instanceof KernelTcpEvent.SocketEvent s)) {
                return true;
            }
            if (!tracksSockets) {
                return interest.matchesPorts(s.local().getPort(), s.remote().getPort());
            }
            boolean destroyed = e instanceof KernelTcpEvent.SocketDestroyed;
            if (interest.matchesPorts(s.local().getPort(), s.remote().getPort())) {
                if (s.socket() != 0 && !destroyed) {
                    sockets.put(s.socket(), Boolean.TRUE);
                } else if (destroyed) {
                    sockets.remove(s.socket());
                }
                return true;
            }
            return destroyed ? sockets.remove(s.socket()) != null : sockets.containsKey(s.socket());
        }

        @Override
        public void close() {
            unsubscribe(this);
        }
    }

    private KernelTransitionSource(TracefsInstance instance, Map<String, TraceEventFormat> formats,
                                   RingBufferPage layout, TcpTraceDecoder decoder, int pageSize, Options options)
            throws IOException {
        this.instance = instance;
        this.formats = formats;
        this.marker = FileChannel.open(instance.path("trace_marker"), StandardOpenOption.WRITE);
        this.stream = new TraceStream(instance, layout, decoder, pageSize, options.maxPending(), new Output());
        this.shutdownHook = new Thread(this::removeAtExit, "fsmgen-ktrace-exit-" + instance.name());
    }

    /** Whether the source can run with tracefs found (or mounted) as usual; the reason if not. */
    public static KernelTraceAvailability availability() {
        return Tracefs.check(Optional.empty());
    }

    /** Whether the source can run with tracefs at {@code root}; the reason if not. */
    public static KernelTraceAvailability availability(Path root) {
        return Tracefs.check(Optional.of(root));
    }

    /** Opens a source with {@link Options#defaults()}. */
    public static KernelTransitionSource open() throws KernelTraceUnavailableException {
        return open(Options.defaults());
    }

    /**
     * Opens a source: checks availability, removes stale instances, creates and configures this one, starts reading.
     *
     * @throws KernelTraceUnavailableException naming the reason, when tracefs cannot be used or set up
     */
    public static KernelTransitionSource open(Options options) throws KernelTraceUnavailableException {
        KernelTraceAvailability a = Tracefs.check(options.tracefs());
        if (!a.isAvailable()) {
            throw new KernelTraceUnavailableException(a.reason().orElseThrow());
        }
        Path root = a.tracefs().orElseThrow();
        TracefsInstance instance;
        try {
            instance = TracefsInstance.create(root);
        } catch (IOException e) {
            throw new KernelTraceUnavailableException("cannot create a tracefs instance under " + root + ": " + e, e);
        }
        try {
            instance.write("trace_clock", "mono");
            instance.write("buffer_size_kb", Integer.toString(options.bufferSizeKb()));
            Map<String, TraceEventFormat> formats = new HashMap<>();
            for (String event : EVENTS) {
                Path format = instance.path("events/" + event + "/format");
                if (Files.isReadable(format)) {
                    formats.put(event, TraceEventFormat.parse(Tracefs.read(format)));
                }
            }
            formats.put(TcpTraceDecoder.PRINT,
                    TraceEventFormat.parse(instance.read("events/" + TcpTraceDecoder.PRINT + "/format")));
            Path sendReset = instance.path("events/" + TcpTraceDecoder.SEND_RESET + "/format");
            String sendResetFormat = Files.isReadable(sendReset) ? Tracefs.read(sendReset) : "";
            String headerPage = Tracefs.read(root.resolve("events/header_page"));
            RingBufferPage layout = RingBufferPage.parse(headerPage);
            int pageSize = pageSize(instance, headerPage);
            KernelTransitionSource source = new KernelTransitionSource(instance, Map.copyOf(formats), layout,
                    new TcpTraceDecoder(formats, sendResetFormat), pageSize, options);
            Runtime.getRuntime().addShutdownHook(source.shutdownHook);
            source.stream.start();
            return source;
        } catch (IOException | RuntimeException e) {
            try {
                instance.remove();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new KernelTraceUnavailableException("cannot set up tracefs instance " + instance.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The sub-buffer size ({@code buffer_subbuf_size_kb}, Linux 6.8+), else the page that {@code header_page}
     * describes. A read of {@code trace_pipe_raw} returns one whole sub-buffer into a buffer of exactly this size.
     */
    private static int pageSize(TracefsInstance instance, String headerPage) throws IOException {
        Path subbuf = instance.path("buffer_subbuf_size_kb");
        if (Files.isReadable(subbuf)) {
            return Integer.parseInt(Tracefs.read(subbuf).trim()) * 1024;
        }
        return RingBufferPage.pageBytes(headerPage);
    }

    /** The instance's name under {@code instances/}, e.g. {@code fsmgen-1234-0}. */
    public String instanceName() {
        return instance.name();
    }

    /** The instance's directory. */
    public Path instanceDirectory() {
        return instance.dir();
    }

    /**
     * Delivers to {@code listener} every event whose local or remote port is in {@code ports}, from now until the
     * subscription is closed, plus every {@link KernelTcpEvent.EventsLost}.
     *
     * <p>A socket that matched once stays matched until its {@link KernelTcpEvent.SocketDestroyed}, because the
     * kernel clears ports: a disconnected socket (an abort with {@code SO_LINGER} 0, a refused connect) is destroyed
     * with remote port 0, so the kernel filter of {@code tcp_destroy_sock} also passes every destruction with remote
     * port 0 and user space keeps those of known sockets. A connecting socket's {@code CLOSE -> SYN_SENT} has local
     * port 0 (the port is chosen just after), so subscribe to the remote port to see it.
     *
     * @throws IllegalArgumentException if {@code ports} is empty or holds a number outside 1..65535
     */
    public Subscription subscribe(Collection<Integer> ports, KernelTcpListener listener) {
        return subscribe(KernelInterest.ports(ports), listener);
    }

    /** Delivers every TCP event of the host to {@code listener}, until the subscription is closed. */
    public Subscription subscribeAll(KernelTcpListener listener) {
        return subscribe(KernelInterest.everything(), listener);
    }

    /**
     * Delivers to {@code listener} the events of {@code interest}, from now until the subscription is closed, plus
     * every {@link KernelTcpEvent.EventsLost}. The kernel filters by the union of all subscribers' interests; each
     * subscriber is then given exactly its own. Sockets are remembered after a port match (as with
     * {@link #subscribe(Collection, KernelTcpListener)}) only when the interest includes destructions.
     */
    public Subscription subscribe(KernelInterest interest, KernelTcpListener listener) {
        return add(new Sub(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(interest, "interest")));
    }

    private Subscription add(Sub sub) {
        synchronized (this) {
            checkOpen();
            subscriptions.add(sub);
            try {
                applyFilters();
            } catch (IOException e) {
                subscriptions.remove(sub);
                throw new IllegalStateException("cannot set the kernel filter of " + instance.dir() + ": "
                        + e.getMessage(), e);
            }
        }
        return sub;
    }

    private void unsubscribe(Sub sub) {
        synchronized (this) {
            if (!subscriptions.remove(sub) || isClosed()) {
                return;
            }
            try {
                applyFilters();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot narrow the kernel filter of " + instance.dir() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Writes the filter and enable switch of each event for the current subscriptions, where they changed: an event
     * no subscriber wants is disabled; one a host-wide subscriber wants has no port filter; otherwise the union of the
     * local ports ({@code sport}) and of the remote ports ({@code dport}) of its subscribers, and for state changes
     * the union of their new states unless one wants all. A superset is fine: {@link Sub#wants} is exact.
     * {@code tcp_send_reset} has no port fields and is not filtered by port in the kernel.
     */
    private void applyFilters() throws IOException {
        for (String event : EVENTS) {
            TraceEventFormat f = formats.get(event);
            if (f == null) {
                continue;
            }
            KernelInterest.Kind kind = KINDS.get(event);
            List<KernelInterest> wanting = subscriptions.stream().map(Sub::interest)
                    .filter(i -> i.kinds().contains(kind)).toList();
            String filter = wanting.isEmpty() ? null : filter(event, f, wanting);
            String base = "events/" + event + "/";
            if (Objects.equals(filter, appliedFilters.get(event))) {
                continue;
            }
            if (filter == null) {
                instance.write(base + "enable", "0");
            } else {
                instance.write(base + "filter", filter);
                instance.write(base + "enable", "1");
            }
            appliedFilters.put(event, filter);
        }
    }

    /** The kernel filter of {@code event} for the interests that want it; "0" clears the filter. */
    private static String filter(String event, TraceEventFormat f, List<KernelInterest> wanting) {
        List<String> terms = new java.util.ArrayList<>();
        if (f.field("protocol").isPresent()) {
            terms.add("protocol == 6");
        }
        boolean byPort = f.field("sport").isPresent() && f.field("dport").isPresent();
        if (byPort && wanting.stream().noneMatch(KernelInterest::isHostWide)) {
            SortedSet<Integer> local = new TreeSet<>();
            SortedSet<Integer> remote = new TreeSet<>();
            wanting.forEach(i -> {
                local.addAll(i.localPorts());
                remote.addAll(i.remotePorts());
            });
            String ports = PortFilter.expression(local, remote, PortFilter.MAX_LENGTH);
            // a disconnected socket is destroyed with remote port 0: user space keeps those of sockets it knows
            terms.add("(" + ports + (event.equals(TcpTraceDecoder.DESTROY) ? " || dport == 0)" : ")"));
        }
        if (event.equals(TcpTraceDecoder.SET_STATE) && f.field("newstate").isPresent()
                && wanting.stream().noneMatch(i -> i.newStates().isEmpty())) {
            SortedSet<Integer> codes = new TreeSet<>();
            wanting.forEach(i -> i.newStates().forEach(st -> codes.add(st.code())));
            StringBuilder states = new StringBuilder("(");
            for (int code : codes) {
                states.append(states.length() > 1 ? " || " : "").append("newstate == ").append(code);
            }
            terms.add(states.append(')').toString());
        }
        return terms.isEmpty() ? "0" : String.join(" && ", terms);
    }

    /**
     * Waits until every event the kernel recorded before this call has been delivered to the subscribers.
     *
     * <p>How: it writes a marker to the instance's {@code trace_marker}; the kernel records it in the buffer of the
     * CPU this thread runs on, after every event already committed there, and the merge (see {@link TraceStream})
     * delivers it only after every other CPU's older events. When the marker reaches the reader thread, everything
     * recorded before it has been delivered.
     *
     * @param bound how long to wait at most; generous bounds (seconds) cost nothing when the kernel is quick
     * @return true once delivered; false if {@code bound} passed first
     * @throws IllegalStateException if called on the reader thread (from a subscriber), or the source is closed
     *                               or failed
     */
    public boolean sync(Duration bound) throws InterruptedException {
        if (Thread.currentThread() == readerThread) {
            throw new IllegalStateException("sync() called from a subscriber: it would wait for itself");
        }
        long n;
        synchronized (syncLock) {
            checkUsable();
            n = markersWritten.incrementAndGet();
        }
        try {
            ByteBuffer text = StandardCharsets.US_ASCII.encode(MARKER_PREFIX + n + "\n");
            synchronized (marker) {
                while (text.hasRemaining()) {
                    marker.write(text);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to " + instance.path("trace_marker") + ": " + e, e);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (syncLock) {
            while (markersDelivered < n) {
                checkUsable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(syncLock, left);
            }
        }
        return true;
    }

    /** Events the kernel dropped so far because its buffer was full. */
    public long lostEvents() {
        return stream.lost();
    }

    /**
     * Why reading stopped, if it failed (the source then delivers nothing more, and {@link #sync} throws); empty while
     * it reads, and after a plain {@link #close()}.
     */
    public Optional<IOException> failure() {
        synchronized (syncLock) {
            return Optional.ofNullable(failure);
        }
    }

    /** Whether {@link #close()} has run or reading failed. */
    public boolean isClosed() {
        synchronized (syncLock) {
            return closed || failure != null;
        }
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("kernel transition source " + instance.name() + " is closed");
        }
    }

    /** Caller holds syncLock. */
    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("kernel transition source " + instance.name() + " failed: " + failure,
                    failure);
        }
        if (closed) {
            throw new IllegalStateException("kernel transition source " + instance.name() + " is closed");
        }
    }

    /** Stops reading, disables the events and removes the instance. Idempotent. */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) this same close
        }
        shutDown();
    }

    private void removeAtExit() {
        if (markClosed()) {
            shutDown();
        }
    }

    /** Marks the source closed and wakes {@link #sync} waiters; false if it was already. */
    private boolean markClosed() {
        synchronized (syncLock) {
            if (closed) {
                return false;
            }
            closed = true;
            syncLock.notifyAll();
            return true;
        }
    }

    private void shutDown() {
        synchronized (this) {
            for (String event : EVENTS) {
                if (formats.containsKey(event)) {
                    try {
                        instance.write("events/" + event + "/enable", "0");
                    } catch (IOException e) {
                        LOG.log(Level.DEBUG, "disabling " + event + ": " + e.getMessage());
                    }
                }
            }
        }
        try {
            stream.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            marker.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing trace_marker: " + e.getMessage());
        }
        try {
            instance.remove();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot remove tracefs instance " + instance.dir() + " (the next open removes it): "
                    + e);
        }
    }

    /** Dispatches the merged stream; runs on the merger thread. */
    private final class Output implements TraceStream.Output {
        @Override
        public void event(KernelTcpEvent event) {
            readerThread = Thread.currentThread();
            for (Sub s : subscriptions) {
                if (s.wants(event)) {
                    try {
                        s.listener.onEvent(event);
                    } catch (RuntimeException e) {
                        Level level = s.warned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
                        LOG.log(level, "A kernel event subscriber threw on " + event, e);
                    }
                }
            }
        }

        @Override
        public void marker(long timestamp, String text) {
            readerThread = Thread.currentThread();
            if (!text.startsWith(MARKER_PREFIX)) {
                return;
            }
            try {
                long n = Long.parseLong(text.substring(MARKER_PREFIX.length()).trim());
                synchronized (syncLock) {
                    markersDelivered = Math.max(markersDelivered, n);
                    syncLock.notifyAll();
                }
            } catch (NumberFormatException e) {
                malformed("trace_marker text " + text);
            }
        }

        @Override
        public void malformed(String description) {
            Level level = malformedWarned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
            LOG.log(level, "Skipped a kernel trace record that could not be read: " + description);
        }

        @Override
        public void failed(IOException cause) {
            LOG.log(Level.WARNING, "Reading the kernel trace of " + instance.name() + " failed; no more events", cause);
            synchronized (syncLock) {
                failure = cause;
                syncLock.notifyAll();
            }
        }
    }
}
