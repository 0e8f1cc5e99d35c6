package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 at the worst moment of an H2 commit on the service's write pattern: a new chunk has
 * been written and H2 is about to rewrite its file header (a {@link FilePath} wrapper copies the
 * file then, as the operating system would hold it after the kill). Crash recovery follows the
 * chunks from the header to the newest one. With {@code RETENTION_TIME=0} (the default URL's in
 * session 17) and the compaction job freeing chunks, a new chunk could overwrite one of those, and
 * recovery then stopped short of commits already answered: 14 of 2,638 such moments lost rows
 * here. With a retention time (H2's default 45 s; 0.5 s here so that chunks are reused within the
 * test) none did. Each test checks 150 such moments.
 */
class H2CrashRecoveryTest {

    /** Crash points checked per test; at most MAX_COMMITS commits to reach them. */
    private static final int CRASHES = 150;
    private static final int MAX_COMMITS = 50_000;

    /** The crash copies (a directory each) taken just before a header write, with the last row committed before it began. */
    private static final List<Snapshot> SNAPSHOTS = new ArrayList<>();
    private static volatile Path watched;
    private static volatile long committed;

    record Snapshot(Path copy, long committedBefore) {
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void registerCrashingFileSystem() {
        FilePath.register(new KillBeforeHeader());
    }

    @Test
    void withImmediateChunkReuseACrashBeforeTheHeaderMovesOnLosesCommitsAlreadyAnswered() throws Exception {
        Outcome outcome = writeAndCrash(";RETENTION_TIME=0");
        assertTrue(outcome.crashes() >= CRASHES, "chunks were reused: " + outcome.crashes() + " header writes");
        assertTrue(outcome.lossy() > 0, "H2 recovered every answered commit in " + outcome.crashes()
                + " crashes: if H2 fixed this, RETENTION_TIME=0 may come back (BENCHMARKS.md, session 18)");
    }

    @Test
    void withARetentionTimeACrashBeforeAnyHeaderWriteLosesNoCommitAnswered() throws Exception {
        Outcome outcome = writeAndCrash(";RETENTION_TIME=500");
        assertTrue(outcome.crashes() >= CRASHES, "chunks were reused: " + outcome.crashes() + " header writes");
        assertEquals(0, outcome.lossy(), "crashes that lost answered commits, of " + outcome.crashes());
    }

    @Test
    void theDefaultDatabaseUrlKeepsH2sRetentionTime() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = H2CrashRecoveryTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String url = properties.getProperty("quarkus.datasource.jdbc.url");
        assertTrue(url.startsWith("jdbc:h2:file:") && url.contains("WRITE_DELAY=0"), url);
        assertFalse(url.contains("RETENTION_TIME"), "H2's own 45 s keeps the chunks recovery follows: " + url);
    }

    record Outcome(int crashes, int lossy) {
    }

    /**
     * Small commits of new rows plus a table whose rows die young (as the live outbox's do), a
     * compaction round every ten commits (as the job's); each crash copy is opened and checked
     * for every row committed before its header write began.
     */
    private Outcome writeAndCrash(String options) throws SQLException, IOException {
        SNAPSHOTS.clear();
        Path database = dir.resolve("db");
        committed = 0;
        int crashes = 0;
        int lossy = 0;
        Random random = new Random(42);
        String padding = "x".repeat(300);
        try (Connection connection = DriverManager.getConnection("jdbc:h2:crashsim:" + database + ";WRITE_DELAY=0" + options, "sa", "")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table events (id bigint primary key, dedupe_key varchar(80) not null unique, payload varchar(400))");
                ddl.execute("create table live (id bigint primary key, payload varchar(200))");
            }
            connection.setAutoCommit(false);
            watched = dir.resolve("db.mv.db"); // from here on, every header write is a crash point
            try (PreparedStatement event = connection.prepareStatement("insert into events values (?, ?, ?)");
                    PreparedStatement live = connection.prepareStatement("insert into live values (?, ?)");
                    PreparedStatement settle = connection.prepareStatement("delete from live where id = ?")) {
                ArrayDeque<long[]> recent = new ArrayDeque<>();
                long id = 0;
                for (int commit = 1; commit <= MAX_COMMITS && crashes < CRASHES; commit++) {
                    long[] ids = new long[1 + random.nextInt(9)];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = ++id;
                        event.setLong(1, id);
                        event.setString(2, "webhook:loop:" + Long.toHexString(random.nextLong()));
                        event.setString(3, padding.substring(random.nextInt(200)));
                        event.addBatch();
                        live.setLong(1, id);
                        live.setString(2, padding.substring(100));
                        live.addBatch();
                    }
                    event.executeBatch();
                    live.executeBatch();
                    recent.add(ids);
                    if (recent.size() > 3) {
                        for (long settled : recent.poll()) {
                            settle.setLong(1, settled);
                            settle.addBatch();
                        }
                        settle.executeBatch();
                    }
                    connection.commit();
                    committed = id;
                    if (commit % 10 == 0) {
                        H2FileCompaction.compact(connection, H2FileCompaction.TARGET_FILL_RATE, 256 * 1024);
                        connection.commit();
                    }
                    for (Snapshot snapshot : SNAPSHOTS) {
                        crashes++;
                        if (recoveredUpTo(snapshot.copy()) < snapshot.committedBefore()) {
                            lossy++;
                        }
                    }
                    SNAPSHOTS.clear();
                }
            }
        } finally {
            watched = null;
        }
        return new Outcome(crashes, lossy);
    }

    /** Opens a crash copy as a restarted service would, and answers the last row it holds; then deletes it. */
    private static long recoveredUpTo(Path copy) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("db"), "sa", "");
                Statement query = connection.createStatement();
                ResultSet last = query.executeQuery("select coalesce(max(id), 0) from events")) {
            last.next();
            return last.getLong(1);
        } finally {
            try (var files = Files.list(copy)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(copy);
        }
    }

    /** {@code crashsim:} — a file system whose database file is copied just before each header write (position 0). */
    public static class KillBeforeHeader extends FilePathWrapper {

        @Override
        public String getScheme() {
            return "crashsim";
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            FileChannel file = getBase().open(mode);
            Path path = Path.of(getBase().toString().replaceFirst("^file:", ""));
            return new FileBaseDefault() {

                @Override
                public int write(ByteBuffer source, long position) throws IOException {
                    Path database = watched;
                    if (position == 0 && database != null && path.toAbsolutePath().equals(database.toAbsolutePath())) {
                        Path copy = Files.createTempDirectory(database.getParent(), "crash");
                        Files.copy(database, copy.resolve("db.mv.db"));
                        SNAPSHOTS.add(new Snapshot(copy, committed));
                    }
                    return file.write(source, position);
                }

                @Override
                public int read(ByteBuffer destination, long position) throws IOException {
                    return file.read(destination, position);
                }

                @Override
                public long size() throws IOException {
                    return file.size();
                }

                @Override
                public void force(boolean metaData) throws IOException {
                    file.force(metaData);
                }

                @Override
                protected void implTruncate(long size) throws IOException {
                    file.truncate(size);
                }

                @Override
                public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                    return file.tryLock(position, size, shared);
                }

                @Override
                protected void implCloseChannel() throws IOException {
                    file.close();
                }
            };
        }
    }
}
