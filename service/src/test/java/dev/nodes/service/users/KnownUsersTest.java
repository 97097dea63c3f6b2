package dev.nodes.service.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import org.junit.jupiter.api.Test;

/** Users are recorded the first time they are seen, once, with the id the contract derives from `sub`. */
class KnownUsersTest {

    @Test
    void aUserIsRecordedOnFirstSightOnly() {
        try (TestService service = TestService.start()) {
            Sql sql = new Sql(service.database());
            String token = TestService.token("first-sight", Role.MODERATOR);
            String uuidSubject = "3f0b8e2a-7c1d-4e5f-9a6b-1c2d3e4f5a6b";
            for (int i = 0; i < 3; i++) {
                assertEquals(200, service.http().get("/v1/nodes", token).status());
                assertEquals(
                        200,
                        service.http()
                                .get("/v1/nodes", TestService.token(uuidSubject, Role.USER))
                                .status());
            }
            assertEquals(2, sql.count("users"));
            assertEquals(
                    "first-sight",
                    sql.string("SELECT subject FROM users WHERE id = ?", UserIds.fromSubject("first-sight")));
            assertEquals(
                    "moderator", sql.string("SELECT role FROM users WHERE id = ?", UserIds.fromSubject("first-sight")));
            assertEquals(
                    uuidSubject,
                    sql.string("SELECT id::text FROM users WHERE subject = ?", uuidSubject),
                    "a UUID subject is the user id itself");
            // the name-based id is UUID version 5 in the DNS namespace of "user:" + sub (value from Python's uuid5)
            assertEquals(
                    "5df7329d-25dc-560c-94c4-70f58bfec221",
                    UserIds.fromSubject("alice").toString());
            assertEquals(401, service.http().get("/v1/nodes", null).status());
            assertEquals(2, sql.count("users"), "a refused request records nobody");
        }
    }
}
