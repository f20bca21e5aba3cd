package io.weft.tracker.service;

import io.agroal.api.AgroalDataSource;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.JobKind;
import io.weft.tracker.model.Lifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds of job there are: those of the commands the contracts define, those configured, and those of the
 * jobs stored (a newer worker may report a kind this tracker's contracts do not name yet).
 */
@ApplicationScoped
public class JobKinds {

    private final AgroalDataSource dataSource;
    private final TrackerConfig config;
    private final StallPolicy stalls;

    @Inject
    public JobKinds(AgroalDataSource dataSource, TrackerConfig config, StallPolicy stalls) {
        this.dataSource = dataSource;
        this.config = config;
        this.stalls = stalls;
    }

    public List<JobKind> all() {
        Set<String> kinds = new TreeSet<>();
        for (MessageType type : MessageType.values()) {
            if (WorkspaceCommand.class.isAssignableFrom(type.recordType())) {
                kinds.add(JobFold.kindOf(type.ceType()));
            }
        }
        kinds.addAll(config.stall().kinds().keySet());
        kinds.addAll(stored());
        return kinds.stream().map(kind -> new JobKind(kind, stalls.threshold(kind, Lifecycle.QUEUED).getSeconds(),
                stalls.threshold(kind, Lifecycle.RUNNING).getSeconds())).toList();
    }

    private Set<String> stored() {
        Set<String> kinds = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT DISTINCT kind FROM job WHERE kind IS NOT NULL");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                kinds.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading job kinds failed: " + e.getMessage(), e);
        }
        return kinds;
    }
}
