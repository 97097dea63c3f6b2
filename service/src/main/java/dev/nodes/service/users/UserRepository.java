package dev.nodes.service.users;

import dev.nodes.service.db.Database;

/** All SQL of the users domain: the table of users seen, the audience {@code all_users} of broadcasts. */
final class UserRepository {
    private final Database database;

    UserRepository(Database database) {
        this.database = database;
    }

    /**
     * Inserts the users of a JSON array of {@code {id, subject, role}} that are not there yet. Ordered by id, so two
     * processes inserting the same new users lock them in the same order.
     */
    void insertNew(String usersJson) {
        database.execute().dml("""
                INSERT INTO users (id, subject, role)
                SELECT DISTINCT ON (id) id, subject, role
                FROM jsonb_to_recordset(?::jsonb) AS u(id uuid, subject text, role text)
                ORDER BY id
                ON CONFLICT (id) DO NOTHING""", usersJson);
    }
}
