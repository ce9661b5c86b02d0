package org.clearway.routes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading at start, reloads that keep the packs in force when refused, the file-time check. */
class RulePackRegistryTest {

    static Path shipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/rules/eu.yml"))) {
                return dir.resolve("config/rules");
            }
        }
        throw new IllegalStateException("config/rules not found");
    }

    private static RulePackRegistry registry(Path dir) throws IOException {
        Files.copy(shipped().resolve("eu.yml"), dir.resolve("eu.yml"));
        Files.copy(shipped().resolve("us.yml"), dir.resolve("us.yml"));
        return new RulePackRegistry(new RulePackProperties(dir.toString(), Duration.ofSeconds(30), true));
    }

    private static String euPackOn(RulePackRegistry r, String date) {
        return r.packs().inForce("EU", LocalDate.parse(date)).orElseThrow().id() + " v"
                + r.packs().inForce("EU", LocalDate.parse(date)).orElseThrow().version();
    }

    @Test
    void anOperatorCorrectionIsPickedUpByTheFileCheck(@TempDir Path dir) throws IOException {
        RulePackRegistry r = registry(dir);
        assertThat(euPackOn(r, "2026-11-01")).isEqualTo("EU-2026-11 v1");
        Path eu = dir.resolve("eu.yml");
        String text = Files.readString(eu);
        // the Commission sets the handling fee: the operator corrects it and bumps the version
        int at = text.indexOf("  - id: EU-2026-11\n    version: 1");
        String corrected = text.substring(0, at) + text.substring(at).replaceFirst("version: 1", "version: 2")
                .replaceFirst("(?s)(id: EU-HANDLING-FEE.*?amount: )\"2.00\"", "$1\"1.50\"");
        Files.writeString(eu, corrected);
        Files.setLastModifiedTime(eu, FileTime.from(Instant.now().plusSeconds(5)));
        r.checkFiles();
        assertThat(euPackOn(r, "2026-11-01")).isEqualTo("EU-2026-11 v2");
        assertThat(r.packs().pack("EU-2026-11").orElseThrow().fees().get(0).amount().amount()).isEqualByComparingTo("1.50");
        assertThat(euPackOn(r, "2026-10-31")).isEqualTo("EU-2026-07 v1");
    }

    @Test
    void aRefusedReloadKeepsThePacksInForce(@TempDir Path dir) throws IOException {
        RulePackRegistry r = registry(dir);
        String before = r.packs().summary();
        Path eu = dir.resolve("eu.yml");
        Files.writeString(eu, Files.readString(eu).replace("effective-from: 2026-11-01", "effective-from: 2026-10-15"));
        RulePackRegistry.ReloadResult result = r.reload();
        assertThat(result.loaded()).isFalse();
        assertThat(result.problems()).containsExactly(
                "eu.yml: pack EU-2026-11: effective-from 2026-10-15 overlaps pack EU-2026-07 (2026-07-01 to 2026-11-01)");
        assertThat(r.packs().summary()).isEqualTo(before);
        assertThat(euPackOn(r, "2026-11-01")).isEqualTo("EU-2026-11 v1");
        // the periodic check does not retry an unchanged refused file
        r.checkFiles();
        assertThat(r.packs().summary()).isEqualTo(before);
    }

    @Test
    void aBadFileSetStopsTheStart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("eu.yml"), "regime: EU\n");
        assertThatThrownBy(() -> new RulePackRegistry(new RulePackProperties(dir.toString(), Duration.ofSeconds(30), true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("eu.yml: regime EU: currency is required");
        assertThatThrownBy(() -> new RulePackRegistry(new RulePackProperties(dir.resolve("nope").toString(),
                Duration.ofSeconds(30), true))).hasMessageContaining("does not exist");
    }

    @Test
    void aBlankDirectoryMeansNoPacks() {
        RulePackRegistry r = new RulePackRegistry(new RulePackProperties("", Duration.ofSeconds(30), true));
        assertThat(r.packs().regimes()).isEmpty();
        assertThat(r.applyToDeclarations()).isFalse();
        assertThat(r.reload().loaded()).isFalse();
    }
}
