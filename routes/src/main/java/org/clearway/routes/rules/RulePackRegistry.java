package org.clearway.routes.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.clearway.mappings.rules.RulePackException;
import org.clearway.mappings.rules.RulePackLoader;
import org.clearway.mappings.rules.RulePacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The rule packs in force for this gateway: loaded at start (a bad file set stops the start with
 * every problem named), reloaded when a file's modification time or the file list changes and on
 * the admin endpoint. A reload that finds problems keeps the packs loaded before.
 */
@Component
public class RulePackRegistry {
    private static final Logger log = LoggerFactory.getLogger(RulePackRegistry.class);

    /** What a reload did: loaded (with the summary), or refused (with the problems; the old packs stay). */
    public record ReloadResult(boolean loaded, String summary, List<String> problems) {
    }

    private final RulePackProperties properties;
    private final AtomicReference<RulePacks> current = new AtomicReference<>(RulePacks.empty());
    private volatile Map<Path, FileTime> loadedTimes = Map.of();
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RulePackRegistry(RulePackProperties properties) {
        this.properties = properties;
        Path dir = properties.path();
        if (dir == null) {
            log.warn("clearway.rules.directory is blank: no rule packs, fixed clearway.routing thresholds apply");
            return;
        }
        try {
            Map<Path, FileTime> times = times(dir);
            current.set(RulePackLoader.load(dir));
            loadedTimes = times;
        } catch (RulePackException e) {
            throw new IllegalStateException("rule packs in " + dir.toAbsolutePath() + " refused: " + e.getMessage(), e);
        }
        log.info("rule packs loaded from {}: {}", dir, current.get().summary());
    }

    public RulePacks packs() {
        return current.get();
    }

    /** Whether routing and declarations use the packs ({@code clearway.rules.apply}). */
    public boolean applyToDeclarations() {
        return properties.apply() && properties.path() != null;
    }

    /** Runs {@code listener} after every reload that changed the packs in force. */
    public void onReload(Runnable listener) {
        reloadListeners.add(listener);
    }

    /** Loads the directory again; on any problem the packs in force stay. */
    public synchronized ReloadResult reload() {
        Path dir = properties.path();
        if (dir == null) {
            return new ReloadResult(false, current.get().summary(), List.of("clearway.rules.directory is blank"));
        }
        try {
            Map<Path, FileTime> times = times(dir);
            RulePacks packs = RulePackLoader.load(dir);
            current.set(packs);
            loadedTimes = times;
            log.info("rule packs reloaded from {}: {}", dir, packs.summary());
            // an operator's correction can move a boundary or change a version: re-evaluate now
            for (Runnable listener : reloadListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.error("after the rule-pack reload: {}", e.toString(), e);
                }
            }
            return new ReloadResult(true, packs.summary(), List.of());
        } catch (RulePackException e) {
            // remember the refused files' times too, so the periodic check does not log them again and again
            loadedTimes = timesOrEmpty(dir);
            log.error("rule packs in {} refused, the packs in force stay ({}): {}", dir, current.get().summary(),
                    e.getMessage());
            return new ReloadResult(false, current.get().summary(), e.problems());
        }
    }

    /** The periodic check: reloads when a file was added, removed or modified. */
    @Scheduled(initialDelayString = "${clearway.rules.check-interval:30s}", fixedDelayString = "${clearway.rules.check-interval:30s}")
    public void checkFiles() {
        Path dir = properties.path();
        if (dir == null) {
            return;
        }
        if (!timesOrEmpty(dir).equals(loadedTimes)) {
            reload();
        }
    }

    private static Map<Path, FileTime> timesOrEmpty(Path dir) {
        try {
            return times(dir);
        } catch (RulePackException e) {
            return Map.of();
        }
    }

    private static Map<Path, FileTime> times(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        Map<Path, FileTime> times = new LinkedHashMap<>();
        for (Path f : RulePackLoader.ruleFiles(dir)) {
            try {
                times.put(f, Files.getLastModifiedTime(f));
            } catch (IOException e) {
                times.put(f, FileTime.fromMillis(0));
            }
        }
        return times;
    }
}
