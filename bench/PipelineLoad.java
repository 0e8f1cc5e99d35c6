import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * End-to-end pipeline load: a SnapCall stub and a webhook load generator in one JVM (JDK only),
 * so "webhook sent" and "PUT arrived at SnapCall" are read from the same System.nanoTime clock.
 *
 * <pre>
 * java bench/PipelineLoad.java HOOK_URL SECRET [--stub-port N] [--put-delay-ms N] [--stall-s N]
 *     starts the stub on 127.0.0.1 (port 0 = any free one), prints "STUB port=N", then reads
 *     commands from stdin, one per line, until "quit" or end of input:
 *       phase NAME RATE SECONDS CONNECTIONS WAIT_S
 *           RATE events/s offered on a fixed schedule, or 0 = closed loop (each connection sends
 *           its next webhook as soon as the previous one was answered). After SECONDS of sending,
 *           waits up to WAIT_S (and gives up earlier when no PUT arrived for --stall-s) until the
 *           PUT of every accepted event reached the stub, then prints one line:
 *           "RESULT phase=NAME key=value ..." (see the end of runPhase for the keys). With a RATE,
 *           slots still unsent after twice SECONDS (the service answering too slowly) are skipped.
 * java bench/PipelineLoad.java stub [PORT] [PUT_DELAY_MS]
 *     only the stub, until killed (for experiments by hand).
 * </pre>
 *
 * Every webhook is {"button": "<a new 20-hex bid>", "status": "offline"}, signed with
 * X-Switchboard-Signature, so with the rule "status == 'offline' -> button.set_active false on
 * {{ event.payload.button }}" each accepted event must produce exactly one button update at
 * SnapCall (PUT /v2/buttons/{bid}, or one entry of PUT /v2/buttons/batch). A 503 (or 429) is
 * retried after its Retry-After; the latency of such an event counts from its first attempt.
 * Progress and anomalies go to stderr; stdout carries only the STUB and RESULT lines.
 */
public class PipelineLoad {

    static final int MAX_ATTEMPTS = 20;
    static final int MAX_IO_RETRIES = 5;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("stub")) {
            int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
            long delay = args.length > 2 ? Long.parseLong(args[2]) : 0;
            Stub stub = Stub.start(port, delay);
            System.out.println("STUB port=" + stub.port());
            System.out.flush();
            Thread.currentThread().join();
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: java bench/PipelineLoad.java HOOK_URL SECRET [--stub-port N] [--put-delay-ms N] [--stall-s N]");
            System.exit(2);
        }
        URI hook = URI.create(args[0]);
        if (!"127.0.0.1".equals(hook.getHost()) && !"localhost".equals(hook.getHost())) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only");
        }
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        int stubPort = 0;
        long putDelayMs = 0;
        double stallS = 30;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--stub-port" -> stubPort = Integer.parseInt(args[i + 1]);
                case "--put-delay-ms" -> putDelayMs = Long.parseLong(args[i + 1]);
                case "--stall-s" -> stallS = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println("load generator: uncaught in " + thread.getName() + ": " + e);
            e.printStackTrace();
        });
        Stub stub = Stub.start(stubPort, putDelayMs);
        Load load = new Load(hook, secret, stub, stallS);
        System.out.println("STUB port=" + stub.port());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("load generator: stopping")));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null;) {
                String[] cmd = line.trim().split("\\s+");
                if (cmd[0].isEmpty()) {
                    continue;
                }
                if (cmd[0].equals("quit")) {
                    break;
                }
                if (cmd[0].equals("phase") && cmd.length == 6) {
                    try {
                        System.out.println(load.runPhase(cmd[1], Double.parseDouble(cmd[2]),
                                Double.parseDouble(cmd[3]), Integer.parseInt(cmd[4]), Double.parseDouble(cmd[5])));
                    } catch (Exception | Error e) {
                        e.printStackTrace();
                        System.out.println("ERROR phase " + cmd[1] + " failed: " + e);
                    }
                } else {
                    System.out.println("ERROR unknown command: " + line);
                }
                System.out.flush();
            }
        } finally {
            stub.stop();
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ SnapCall stub

    /** Answers what Switchboard calls on SnapCall API v2, at once (or after a fixed delay on PUTs). */
    static final class Stub {
        private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
        private static final Pattern BID = Pattern.compile("\"bid\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern ACTIVE = Pattern.compile("\"active\"\\s*:\\s*(true|false)");
        private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]*)\"");
        private static final String EMPTY_PAGE = "{\"data\":[],\"page\":1,\"limit\":100,\"total\":0}";

        /** bid -> nanoTime its first update arrived. */
        final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong putRequests = new AtomicLong();
        final AtomicLong singlePuts = new AtomicLong();
        final AtomicLong batchPuts = new AtomicLong();
        final AtomicLong buttonUpdates = new AtomicLong();
        final AtomicLong repeatedUpdates = new AtomicLong();
        final AtomicLong getRequests = new AtomicLong();
        final AtomicLong notFound = new AtomicLong();
        final AtomicLong maxBatch = new AtomicLong();
        private final long putDelayMs;
        private final HttpServer server;
        private final ThreadPoolExecutor pool;

        private Stub(HttpServer server, ThreadPoolExecutor pool, long putDelayMs) {
            this.server = server;
            this.pool = pool;
            this.putDelayMs = putDelayMs;
        }

        static Stub start(int port, long putDelayMs) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(32, 32, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "stub-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            Stub stub = new Stub(server, pool, putDelayMs);
            server.createContext("/", stub::handle);
            server.setExecutor(pool);
            server.start();
            return stub;
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
            pool.shutdownNow();
        }

        private void arrived(String bid, long now) {
            buttonUpdates.incrementAndGet();
            if (arrivals.putIfAbsent(bid, now) != null) {
                repeatedUpdates.incrementAndGet();
            } else {
                lastArrival.accumulateAndGet(now, Math::max);
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            try {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String[] parts = path.split("/");   // "", "v2", collection, id, sub
                String collection = parts.length > 2 && parts[1].equals("v2") ? parts[2] : "";
                String id = parts.length > 3 ? parts[3] : null;
                String sub = parts.length > 4 ? parts[4] : null;
                if (method.equals("PUT")) {
                    putRequests.incrementAndGet();
                    String answer = put(collection, id, sub, parts.length, body, now);
                    if (answer != null && putDelayMs > 0) {
                        Thread.sleep(putDelayMs);
                    }
                    reply(exchange, answer == null ? 404 : 200, answer == null ? notFound(method, path) : answer);
                } else if (method.equals("GET")) {
                    getRequests.incrementAndGet();
                    String answer = get(collection, id, sub, parts.length);
                    reply(exchange, answer == null ? 404 : 200, answer == null ? notFound(method, path) : answer);
                } else {
                    reply(exchange, 404, notFound(method, path));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("stub: " + e);
            } finally {
                exchange.close();
            }
        }

        private String put(String collection, String id, String sub, int depth, String body, long now) {
            if (collection.equals("buttons") && depth == 4 && "batch".equals(id)) {
                batchPuts.incrementAndGet();
                StringBuilder data = new StringBuilder("{\"data\":[");
                Matcher objects = OBJECT.matcher(body);
                int count = 0;
                while (objects.find()) {
                    String object = objects.group();
                    Matcher bid = BID.matcher(object);
                    if (!bid.find()) {
                        continue;
                    }
                    arrived(bid.group(1), now);
                    data.append(count++ == 0 ? "" : ",").append(button(bid.group(1), active(object)));
                }
                maxBatch.accumulateAndGet(count, Math::max);
                return data.append("]}").toString();
            }
            if (collection.equals("buttons") && depth == 4) {
                singlePuts.incrementAndGet();
                arrived(id, now);
                return button(id, active(body));
            }
            if (collection.equals("agents") && depth == 5 && "status".equals(sub)) {
                Matcher status = STATUS.matcher(body);
                return agent(id, status.find() ? status.group(1) : "online");
            }
            if (collection.equals("agents") && depth == 4) {
                return agent(id, "online");
            }
            return null;
        }

        private static String get(String collection, String id, String sub, int depth) {
            if (collection.equals("users") && depth == 4 && "me".equals(id)) {
                return "{\"id\":\"1\",\"email\":\"bench@example.com\",\"firstname\":\"Bench\",\"lastname\":\"Stub\"}";
            }
            if ((collection.equals("buttons") || collection.equals("calls")) && depth == 3) {
                return EMPTY_PAGE;
            }
            if (collection.equals("agents") && depth == 4) {
                return agent(id, "online");
            }
            if (collection.equals("buttons") && depth == 4) {
                return button(id, true);
            }
            return null;
        }

        private static boolean active(String json) {
            Matcher active = ACTIVE.matcher(json);
            return !active.find() || Boolean.parseBoolean(active.group(1));
        }

        private static String button(String bid, boolean active) {
            return "{\"bid\":\"" + bid + "\",\"name\":\"bench " + bid + "\",\"active\":" + active + "}";
        }

        private static String agent(String email, String status) {
            return "{\"email\":\"" + email + "\",\"status\":\"" + status
                    + "\",\"wrap_up_time\":0,\"firstname\":\"Bench\",\"lastname\":\"Agent\"}";
        }

        private String notFound(String method, String path) {
            if (notFound.incrementAndGet() <= 10) {
                System.err.println("stub: 404 for " + method + " " + path);
            }
            return "{\"error\":\"not_found\",\"message\":\"no such endpoint in the bench stub\"}";
        }

        private static void reply(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ------------------------------------------------------------------ load generator

    static final class Load {
        private final URI hook;
        private final byte[] secret;
        private final Stub stub;
        private final double stallS;
        private final String prefix;
        private final AtomicLong sequence = new AtomicLong();
        /** bid -> first send nanoTime, for every accepted event whose PUT has not arrived yet (all phases). */
        private final Map<String, Long> pending = new ConcurrentHashMap<>();

        Load(URI hook, byte[] secret, Stub stub, double stallS) {
            this.hook = hook;
            this.secret = secret;
            this.stub = stub;
            this.stallS = stallS;
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            this.prefix = HexFormat.of().formatHex(random);   // 8 hex + 12 hex of a counter = 20 hex
        }

        /** What one connection saw. */
        static final class Tally {
            final Map<String, Long> sent = new java.util.HashMap<>();   // bid -> first send nanoTime
            final Map<String, Long> due = new java.util.HashMap<>();    // bid -> its slot in the schedule (rate mode)
            final List<Long> acceptNanos = new ArrayList<>();
            long status503, status429, rejected, ioErrors, givenUp, late, maxLag, skipped;
        }

        String runPhase(String name, double rate, double seconds, int connections, double waitS) throws Exception {
            int backlogAtStart = pending.size();
            long arrivedBefore = stub.arrivals.size();
            long putsBefore = stub.putRequests.get();
            long updatesBefore = stub.buttonUpdates.get();
            long repeatsBefore = stub.repeatedUpdates.get();
            System.err.printf(Locale.ROOT, "phase %s: %s, %d connections, %.0f s (backlog from earlier phases: %d)%n",
                    name, rate > 0 ? String.format(Locale.ROOT, "%.0f events/s", rate) : "closed loop", connections,
                    seconds, backlogAtStart);
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            AtomicLong slot = new AtomicLong();
            Tally[] tallies = new Tally[connections];
            Thread[] workers = new Thread[connections];
            for (int c = 0; c < connections; c++) {
                Tally tally = tallies[c] = new Tally();
                workers[c] = new Thread(() -> {
                    try {
                        connection(tally, rate, start, end, slot);
                    } catch (Exception e) {
                        System.err.println("load: connection failed: " + e);
                    }
                }, "load-" + c);
                workers[c].start();
            }
            for (Thread worker : workers) {
                // A send is bounded by MAX_ATTEMPTS x (30 s timeout or a Retry-After of at most 10 s).
                worker.join(Math.max(1, (end - System.nanoTime()) / 1_000_000) + 600_000);
            }
            long sendEnd = System.nanoTime();

            Map<String, Long> sent = new java.util.HashMap<>();
            Map<String, Long> due = new java.util.HashMap<>();
            List<Long> accepts = new ArrayList<>();
            long s503 = 0, s429 = 0, rejected = 0, ioErrors = 0, givenUp = 0, late = 0, maxLag = 0, skipped = 0;
            for (Tally t : tallies) {
                sent.putAll(t.sent);
                due.putAll(t.due);
                accepts.addAll(t.acceptNanos);
                s503 += t.status503;
                s429 += t.status429;
                rejected += t.rejected;
                ioErrors += t.ioErrors;
                givenUp += t.givenUp;
                late += t.late;
                skipped += t.skipped;
                maxLag = Math.max(maxLag, t.maxLag);
            }
            System.err.printf(Locale.ROOT, "phase %s: %d accepted in %.1f s (%.0f/s), 503s %d; waiting up to %.0f s for their PUTs%n",
                    name, sent.size(), (sendEnd - start) / 1e9, sent.size() / ((sendEnd - start) / 1e9), s503, waitS);

            // Wait (bounded) until the PUT of every event of this phase reached the stub.
            Map<String, Long> missing = new java.util.HashMap<>(sent);
            long deadline = sendEnd + (long) (waitS * 1e9);
            long lastProgress = System.nanoTime();
            long lastReport = lastProgress;
            String stopped = "all_arrived";
            while (!missing.isEmpty()) {
                int before = missing.size();
                missing.keySet().removeIf(stub.arrivals::containsKey);
                long now = System.nanoTime();
                if (missing.size() < before) {
                    lastProgress = now;
                }
                if (missing.isEmpty()) {
                    break;
                }
                if (now >= deadline) {
                    stopped = "wait_limit";
                    break;
                }
                if (now - lastProgress > (long) (stallS * 1e9)) {
                    stopped = "stalled";
                    break;
                }
                if (now - lastReport > 10_000_000_000L) {
                    lastReport = now;
                    System.err.printf(Locale.ROOT, "phase %s: %d of %d arrived, %.0f s after sending ended%n", name,
                            sent.size() - missing.size(), sent.size(), (now - sendEnd) / 1e9);
                }
                Thread.sleep(50);
            }
            long giveUp = System.nanoTime();
            pending.keySet().removeIf(stub.arrivals::containsKey);

            // Latency from the first send attempt to the first arrival of the event's button update.
            // An event still missing counts with (give-up time - send), a lower bound of its latency,
            // so with complete=0 every percentile is a lower bound.
            long[] e2e = new long[sent.size()];
            int i = 0;
            int arrived = 0;
            long lastArrival = start;
            for (Map.Entry<String, Long> e : sent.entrySet()) {
                Long at = stub.arrivals.get(e.getKey());
                if (at != null) {
                    arrived++;
                    lastArrival = Math.max(lastArrival, at);
                    e2e[i++] = at - e.getValue();
                } else {
                    e2e[i++] = giveUp - e.getValue();
                }
            }
            Arrays.sort(e2e);
            // In rate mode, the same measured from each event's slot in the schedule: it includes the time the
            // event waited for a free connection when the service answered too slowly to keep the rate
            // (what the fixed-rate sender would otherwise hide: coordinated omission).
            long[] fromSchedule = new long[due.size()];
            int j = 0;
            for (Map.Entry<String, Long> e : due.entrySet()) {
                Long at = stub.arrivals.get(e.getKey());
                fromSchedule[j++] = (at != null ? at : giveUp) - e.getValue();
            }
            Arrays.sort(fromSchedule);
            long[] accept = accepts.stream().mapToLong(Long::longValue).sorted().toArray();
            double sendSeconds = (sendEnd - start) / 1e9;
            double doneSeconds = (lastArrival - start) / 1e9;
            StringBuilder out = new StringBuilder("RESULT");
            kv(out, "phase", name);
            kv(out, "mode", rate > 0 ? "rate" : "closed");
            kv(out, "offered_rate", rate > 0 ? fmt(rate) : "0");
            kv(out, "connections", connections);
            kv(out, "send_s", fmt(sendSeconds));
            kv(out, "accepted", sent.size());
            kv(out, "accept_rate", fmt(sent.size() / sendSeconds));
            kv(out, "arrived", arrived);
            kv(out, "missing", sent.size() - arrived);
            kv(out, "complete", arrived == sent.size() ? 1 : 0);
            kv(out, "stopped", stopped);
            kv(out, "done_s", fmt(doneSeconds));
            kv(out, "done_rate", fmt(doneSeconds > 0 ? arrived / doneSeconds : 0));
            kv(out, "e2e_p50_ms", ms(percentile(e2e, 0.50)));
            kv(out, "e2e_p99_ms", ms(percentile(e2e, 0.99)));
            kv(out, "e2e_max_ms", ms(e2e.length == 0 ? Double.NaN : e2e[e2e.length - 1]));
            kv(out, "sched_e2e_p50_ms", ms(percentile(fromSchedule, 0.50)));
            kv(out, "sched_e2e_p99_ms", ms(percentile(fromSchedule, 0.99)));
            kv(out, "accept_p50_ms", ms(percentile(accept, 0.50)));
            kv(out, "accept_p99_ms", ms(percentile(accept, 0.99)));
            kv(out, "s503", s503);
            kv(out, "s429", s429);
            kv(out, "rejected", rejected);
            kv(out, "io_errors", ioErrors);
            kv(out, "given_up", givenUp);
            kv(out, "late_sends", late);
            kv(out, "skipped_slots", skipped);
            kv(out, "max_send_lag_ms", ms(maxLag));
            kv(out, "backlog_at_start", backlogAtStart);
            kv(out, "backlog_at_end", pending.size());
            kv(out, "stub_puts", stub.putRequests.get() - putsBefore);
            kv(out, "stub_button_updates", stub.buttonUpdates.get() - updatesBefore);
            kv(out, "stub_repeats", stub.repeatedUpdates.get() - repeatsBefore);
            kv(out, "stub_new_bids", stub.arrivals.size() - arrivedBefore);
            kv(out, "stub_batches_total", stub.batchPuts.get());
            kv(out, "stub_single_puts_total", stub.singlePuts.get());
            kv(out, "stub_max_batch", stub.maxBatch.get());
            kv(out, "stub_404_total", stub.notFound.get());
            return out.toString();
        }

        /** One connection: sends until the phase ends, each webhook only after the previous one was answered. */
        private void connection(Tally tally, double rate, long start, long end, AtomicLong slot) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            try (Wire wire = new Wire(hook)) {
                connection(tally, rate, start, end, slot, mac, wire);
            }
        }

        private void connection(Tally tally, double rate, long start, long end, AtomicLong slot, Mac mac, Wire wire)
                throws InterruptedException {
            while (true) {
                long due = 0;
                if (rate > 0) {
                    due = start + (long) (slot.getAndIncrement() * 1e9 / rate);
                    if (due >= end) {
                        return;
                    }
                    // Bounded: slots not started by twice the phase's duration are skipped (and counted).
                    if (System.nanoTime() - start > 2 * (end - start)) {
                        tally.skipped++;
                        continue;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long lag = System.nanoTime() - due;
                    tally.maxLag = Math.max(tally.maxLag, lag);
                    if (lag > 10_000_000L) {
                        tally.late++;
                    }
                } else if (System.nanoTime() >= end) {
                    return;
                }
                String bid = prefix + String.format("%012x", sequence.incrementAndGet());
                byte[] body = ("{\"button\": \"" + bid + "\", \"status\": \"offline\"}").getBytes(StandardCharsets.UTF_8);
                String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
                if (send(tally, bid, wire, body, signature) && rate > 0) {
                    tally.due.put(bid, due);
                }
            }
        }

        /** True when the webhook was accepted (202), possibly after retries. */
        private boolean send(Tally tally, String bid, Wire wire, byte[] body, String signature) throws InterruptedException {
            long first = System.nanoTime();
            int ioRetries = 0;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Wire.Response response;
                try {
                    response = wire.post(body, signature);
                } catch (IOException e) {
                    tally.ioErrors++;
                    if (tally.ioErrors <= 3) {
                        System.err.println("load: " + e);
                    }
                    if (++ioRetries > MAX_IO_RETRIES) {
                        break;
                    }
                    Thread.sleep(200);
                    continue;
                }
                int status = response.status();
                if (status == 202) {
                    long now = System.nanoTime();
                    tally.sent.put(bid, first);
                    tally.acceptNanos.add(now - first);
                    pending.put(bid, first);
                    return true;
                }
                if (status == 503 || status == 429) {
                    if (status == 503) {
                        tally.status503++;
                    } else {
                        tally.status429++;
                    }
                    Thread.sleep(retryAfterMillis(response));
                    continue;
                }
                tally.rejected++;
                if (tally.rejected <= 3) {
                    System.err.println("load: webhook answered " + status + ": " + response.body());
                }
                return false;
            }
            tally.givenUp++;
            return false;
        }

        private static long retryAfterMillis(Wire.Response response) {
            try {
                double seconds = Double.parseDouble(response.retryAfter() == null ? "1" : response.retryAfter().trim());
                return (long) (Math.min(10, Math.max(0, seconds)) * 1000);
            } catch (NumberFormatException e) {
                return 1000;
            }
        }
    }

    /**
     * One kept-alive HTTP/1.1 connection to the webhook endpoint, written and read by hand: the
     * JDK's HttpClient cost 0.2 ms of CPU per request (a selector thread and futures per
     * exchange), a fifth of this 2-core machine at 2,000 requests/s taken from the service under
     * test. Requests are sent one at a time (no pipelining); the connection is opened again after
     * an I/O error or a "Connection: close". Answers with Content-Length or chunked bodies.
     */
    static final class Wire implements AutoCloseable {
        record Response(int status, String body, String retryAfter) {
        }

        private final String host;
        private final int port;
        private final byte[] head;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Wire(URI hook) {
            this.host = hook.getHost();
            this.port = hook.getPort();
            String path = hook.getRawPath() + (hook.getRawQuery() == null ? "" : "?" + hook.getRawQuery());
            this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nX-Switchboard-Signature: ").getBytes(StandardCharsets.US_ASCII);
        }

        Response post(byte[] body, String signature) throws IOException {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), 5_000);
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(30_000);
                    in = new BufferedInputStream(socket.getInputStream(), 8192);
                    out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                }
                out.write(head);
                out.write((signature + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private Response read() throws IOException {
            try {
                return parse();
            } catch (NumberFormatException e) {
                throw new IOException("unreadable answer: " + e.getMessage(), e); // retried like any broken exchange
            }
        }

        private Response parse() throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = parts[0].equals("HTTP/1.0");
            String retryAfter = null;
            for (String header; !(header = line()).isEmpty();) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "retry-after" -> retryAfter = value;
                    default -> {
                    }
                }
            }
            if (status >= 100 && status < 200) {
                return parse(); // an interim answer: the final one follows
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (status == 204 || status == 304) {
                // no body, whatever the headers say
            } else if (chunked) {
                for (int size; (size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0;) {
                    body.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) { // trailers
                }
            } else if (length >= 0) {
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new EOFException("answer cut short");
                }
                body.write(bytes);
            } else {
                body.write(in.readAllBytes()); // no length: the body ends with the connection
                close = true;
            }
            if (close) {
                close();
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8), retryAfter);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c; (c = in.read()) != '\n';) {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            } finally {
                socket = null;
            }
        }
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    static String ms(double nanos) {
        return Double.isNaN(nanos) ? "nan" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static void kv(StringBuilder out, String key, Object value) {
        out.append(' ').append(key).append('=').append(value);
    }
}
