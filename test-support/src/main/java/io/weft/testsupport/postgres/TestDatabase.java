package io.weft.testsupport.postgres;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL server, created for one test run and dropped after it, so
 * runs never see each other's data. The server is found through {@code weft.test.postgres.host},
 * {@code .port}, {@code .user}, {@code .password} (system properties) or {@code PGHOST}, {@code PGPORT},
 * {@code PGUSER}, {@code PGPASSWORD}; the defaults fit a local server with trust authentication.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TestDatabase.class);

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase create() {
        String host = setting("host", "PGHOST", "127.0.0.1");
        int port = Integer.parseInt(setting("port", "PGPORT", "5432"));
        String user = setting("user", "PGUSER", "postgres");
        String password = setting("password", "PGPASSWORD", "");
        String name = "weft_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        TestDatabase database = new TestDatabase(host, port, user, password, name);
        database.admin("CREATE DATABASE " + name);
        LOG.infof("Created test database %s on %s:%d", name, host, port);
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The reactive client's URL form, for services using the Vert.x PostgreSQL client. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        LOG.infof("Dropped test database %s", name);
    }

    private void admin(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user + " refused '" + sql
                    + "': " + e.getMessage() + " (is the server running? .ci/run starts it)", e);
        }
    }

    private static String setting(String key, String env, String fallback) {
        String value = System.getProperty("weft.test.postgres." + key);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
