package org.clearway.routes.console;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator web console ({@code clearway.console}): its logins (BCrypt hashes only, never
 * passwords), how far ahead a certificate expiry is flagged, and the window of the live charts.
 * No users configured = nobody can log in; partner API keys never open the console.
 */
@Validated
@ConfigurationProperties("clearway.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled,
                                @NotNull @DefaultValue Map<String, @Valid User> users,
                                @NotNull @DefaultValue("30d") Duration certificateWarning,
                                @NotNull @DefaultValue("60m") Duration chartWindow) {

    /**
     * One console login: a BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}) and a role;
     * {@code development-only} marks the demo logins, which are logged as such at startup.
     */
    public record User(@NotBlank @Pattern(regexp = "^\\$2[aby]?\\$\\d{2}\\$.{53}$",
                               message = "must be a BCrypt hash ($2b$10$...), never a password") String passwordHash,
                       @NotNull ConsoleRole role,
                       @DefaultValue("false") boolean developmentOnly) {
        @Override
        public String toString() {
            return "User[role=" + role + (developmentOnly ? ", development-only" : "") + "]";
        }
    }
}
