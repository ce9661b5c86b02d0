package org.clearway.routes.rules;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rule packs ({@code clearway.rules}, config/rules/README.md).
 *
 * @param directory     the rule files; blank = no packs: routing falls back to the fixed
 *                      {@code clearway.routing} thresholds and declarations carry no rule pack
 * @param checkInterval how often the files' modification times are compared (a change reloads)
 * @param apply         use the packs: routing thresholds and the evaluation of every declaration
 *                      revision (rulePack, dutyEstimate, required item data); false loads and lists
 *                      them only, routing keeps the fixed {@code clearway.routing} thresholds
 * @param reevaluate    re-evaluate undecided declarations when the pack in force changes (a
 *                      boundary passes, a reload changes a version) and amend those whose result
 *                      changes ({@link RuleReevaluation}); only while {@code apply} is true
 * @param reevaluationInterval how often the re-evaluation looks for declarations under an older pack
 */
@ConfigurationProperties("clearway.rules")
public record RulePackProperties(@DefaultValue("config/rules") String directory,
                                 @DefaultValue("30s") Duration checkInterval,
                                 @DefaultValue("true") boolean apply,
                                 @DefaultValue("true") boolean reevaluate,
                                 @DefaultValue("1m") Duration reevaluationInterval) {

    @ConstructorBinding
    public RulePackProperties {
    }

    public RulePackProperties(String directory, Duration checkInterval, boolean apply) {
        this(directory, checkInterval, apply, true, Duration.ofMinutes(1));
    }

    /** The configured directory, or null when rule packs are off. */
    public Path path() {
        return directory == null || directory.isBlank() ? null : Path.of(directory);
    }
}
