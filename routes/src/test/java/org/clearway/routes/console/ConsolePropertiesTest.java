package org.clearway.routes.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Console logins hold BCrypt hashes only: a plain password in configuration is refused at startup; roles nest. */
class ConsolePropertiesTest {
    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aPlainPasswordIsNotAcceptedAsHash() {
        var plain = new ConsoleProperties(true, Map.of("ops", new ConsoleProperties.User("operator-dev-only",
                ConsoleRole.OPERATOR, false)), Duration.ofDays(30), Duration.ofMinutes(60));
        assertThat(validator.validate(plain)).extracting(v -> v.getMessage()).anySatisfy(m -> assertThat(m).contains("BCrypt"));
        var hashed = new ConsoleProperties(true, Map.of("ops", new ConsoleProperties.User(
                new BCryptPasswordEncoder().encode("s3cret-pass"), ConsoleRole.OPERATOR, false)),
                Duration.ofDays(30), Duration.ofMinutes(60));
        assertThat(validator.validate(hashed)).isEmpty();
    }

    @Test
    void theDemoHashesMatchTheDocumentedDevelopmentPasswords() throws Exception {
        String yml = java.nio.file.Files.readString(java.nio.file.Path.of("../config/application.yml"));
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        for (String user : new String[] {"viewer", "operator", "admin"}) {
            var m = java.util.regex.Pattern.compile("\\n      " + user + ":\\n        password-hash: \"([^\"]+)\"").matcher(yml);
            assertThat(m.find()).as(user).isTrue();
            assertThat(bcrypt.matches(user + "-dev-only", m.group(1))).as(user).isTrue();
        }
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(ConsoleRole.ADMIN.includes(ConsoleRole.OPERATOR)).isTrue();
        assertThat(ConsoleRole.OPERATOR.includes(ConsoleRole.VIEWER)).isTrue();
        assertThat(ConsoleRole.VIEWER.includes(ConsoleRole.OPERATOR)).isFalse();
        assertThat(ConsoleRole.OPERATOR.includes(ConsoleRole.ADMIN)).isFalse();
        assertThat(new ConsoleProperties.User("$2a$10$x", ConsoleRole.ADMIN, true).toString()).doesNotContain("$2a$");
    }
}
