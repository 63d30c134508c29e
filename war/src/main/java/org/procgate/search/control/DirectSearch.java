package org.procgate.search.control;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.database.control.DatabaseLifecycle;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchPage;
import org.procgate.search.entity.SearchQuery;

/** The search in plain JDBC: the baseline the program paths are compared with. */
@ApplicationScoped
public class DirectSearch {

    @Inject
    DatabaseLifecycle database;

    public SearchPage search(SearchQuery query) throws ProgramException {
        SearchStatement statement = SearchStatement.of(query);
        try (Connection connection = database.dataSource().getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement(statement.countSql())) {
                bind(count, statement.parameters());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Record> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(statement.pageSql())) {
                int next = bind(select, statement.parameters());
                select.setInt(next, query.limit());
                select.setInt(next + 1, query.offset());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(record(rs));
                    }
                }
            }
            return new SearchPage(total, items);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Optional<Record> find(long id) throws ProgramException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + SearchStatement.COLUMNS + " FROM records WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** @return the index of the next parameter */
    private static int bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        int index = 1;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    private static Record record(ResultSet rs) throws SQLException {
        Date born = rs.getDate(6);
        return new Record(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                born == null ? null : born.toLocalDate());
    }

    private static ProgramException unavailable(SQLException e) {
        return new ProgramException(Failure.UNAVAILABLE, "the records database failed: " + e.getMessage(), e);
    }
}
