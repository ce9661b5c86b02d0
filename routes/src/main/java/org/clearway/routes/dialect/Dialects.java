package org.clearway.routes.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.routes.support.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.stereotype.Component;

/**
 * The inbound dialects and decision answerers the gateway runs with: every {@link InboundDialect}
 * and {@link DecisionAnswerer} bean. Two with one name (or a blank name) stop the gateway at start,
 * so a message is never read by whichever bean happened to be found first.
 */
@Component
public class Dialects {
    private static final Logger LOG = LoggerFactory.getLogger(Dialects.class);

    private final Map<String, InboundDialect> dialects;
    private final List<DecisionAnswerer> answerers;

    public Dialects(List<InboundDialect> dialects, List<DecisionAnswerer> answerers) {
        Map<String, InboundDialect> byName = new LinkedHashMap<>();
        for (InboundDialect d : dialects) {
            InboundDialect before = byName.put(checkedName(d.name(), d), d);
            if (before != null) {
                throw new IllegalStateException("two inbound dialects named " + d.name() + ": "
                        + before.getClass().getName() + " and " + d.getClass().getName());
            }
        }
        List<DecisionAnswerer> ordered = new ArrayList<>(answerers);
        AnnotationAwareOrderComparator.sort(ordered);
        Map<String, DecisionAnswerer> answererNames = new LinkedHashMap<>();
        for (DecisionAnswerer a : ordered) {
            DecisionAnswerer before = answererNames.put(checkedName(a.name(), a), a);
            if (before != null) {
                throw new IllegalStateException("two decision answerers named " + a.name() + ": "
                        + before.getClass().getName() + " and " + a.getClass().getName());
            }
        }
        this.dialects = Collections.unmodifiableMap(byName);
        this.answerers = List.copyOf(ordered);
        LOG.info("inbound dialects {}, decision answerers {}", byName.keySet(), answererNames.keySet());
    }

    private static String checkedName(String name, Object bean) {
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(bean.getClass().getName() + " has no dialect name");
        }
        return name;
    }

    public Optional<InboundDialect> find(String name) {
        return Optional.ofNullable(name == null ? null : dialects.get(name));
    }

    /** The dialect of a staged message; an unknown one makes the message invalid (dead letter with the reason). */
    public InboundDialect require(String name) {
        return find(name).orElseThrow(() -> new InvalidMessageException("no inbound dialect " + name
                + " is configured (known: " + String.join(", ", dialects.keySet()) + ")"));
    }

    public java.util.Set<String> names() {
        return dialects.keySet();
    }

    /** Every answerer, in {@code @Order} order. */
    public List<DecisionAnswerer> answerers() {
        return answerers;
    }
}
