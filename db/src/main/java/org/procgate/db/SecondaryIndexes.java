package org.procgate.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secondary indexes of the records table, as the migrations defined them, read back from the
 * catalog. A bulk load drops them and creates them again afterwards: building an index over a
 * full table is several times faster than keeping five B-trees in order row by row.
 *
 * <p>The definitions are parked in {@code suspended_indexes} while they are dropped, so a load
 * that is interrupted (Ctrl-C during a million rows) still gets them back at the next start.
 */
final class SecondaryIndexes {

    static final String TABLE = "records";

    private final Map<String, String> definitionsByName;

    private SecondaryIndexes(Map<String, String> definitionsByName) {
        this.definitionsByName = definitionsByName;
    }

    /** The indexes in the catalog and those a previous, interrupted load had parked. */
    static SecondaryIndexes of(Connection connection) throws SQLException {
        Map<String, String> definitions = new LinkedHashMap<>(parked(connection));
        definitions.putAll(inCatalog(connection));
        return new SecondaryIndexes(definitions);
    }

    int size() {
        return definitionsByName.size();
    }

    /** Parks the definitions, then drops the indexes. */
    void suspend(Connection connection) throws SQLException {
        try (PreparedStatement park = connection.prepareStatement(
                "MERGE INTO suspended_indexes (name, definition) KEY (name) VALUES (?, ?)")) {
            for (Map.Entry<String, String> index : definitionsByName.entrySet()) {
                park.setString(1, index.getKey());
                park.setString(2, index.getValue());
                park.executeUpdate();
            }
        }
        connection.commit();
        try (Statement statement = connection.createStatement()) {
            for (String index : definitionsByName.keySet()) {
                statement.execute("DROP INDEX IF EXISTS " + index);
            }
        }
    }

    /** Creates the indexes again and forgets the parked definitions. */
    void restore(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String definition : definitionsByName.values()) {
                statement.execute(definition);
            }
            statement.executeUpdate("DELETE FROM suspended_indexes");
        }
        connection.commit();
    }

    private static Map<String, String> inCatalog(Connection connection) throws SQLException {
        Map<String, List<String>> columnsByIndex = new LinkedHashMap<>();
        String sql = "SELECT c.index_name, c.column_name, c.ordering_specification"
                + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                + " ON c.index_schema = i.index_schema AND c.index_name = i.index_name"
                + " WHERE i.table_schema = CURRENT_SCHEMA AND i.table_name = '" + TABLE + "'"
                + " AND i.index_type_name = 'INDEX'"
                + " ORDER BY c.index_name, c.ordinal_position";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String column = rows.getString(2) + ("DESC".equals(rows.getString(3)) ? " DESC" : "");
                columnsByIndex.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(column);
            }
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        columnsByIndex.forEach((name, columns) -> definitions.put(name,
                "CREATE INDEX IF NOT EXISTS " + name + " ON " + TABLE + "(" + String.join(", ", columns) + ")"));
        return definitions;
    }

    private static Map<String, String> parked(Connection connection) throws SQLException {
        Map<String, String> definitions = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, definition FROM suspended_indexes ORDER BY name")) {
            while (rows.next()) {
                definitions.put(rows.getString(1), rows.getString(2));
            }
        }
        return definitions;
    }
}
