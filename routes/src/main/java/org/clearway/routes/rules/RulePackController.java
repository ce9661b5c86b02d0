package org.clearway.routes.rules;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.rules.Regime;
import org.clearway.mappings.rules.RulePack;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator access to the rule packs (admin key): list the packs in force, reload them from the
 * files. A refused reload answers 422 with every problem; the packs in force stay.
 */
@RestController
@RequestMapping("/v1/admin")
public class RulePackController {
    private final RulePackRegistry registry;
    private final ApiAuth auth;
    private final TraceLog trace;

    public RulePackController(RulePackRegistry registry, ApiAuth auth, TraceLog trace) {
        this.registry = registry;
        this.auth = auth;
        this.trace = trace;
    }

    @GetMapping(value = "/rule-packs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(HttpServletRequest request) {
        auth.requireAdmin(request);
        return Map.of("regimes", registry.packs().regimes().stream().map(RulePackController::regime).toList());
    }

    @PostMapping(value = "/rule-packs:reload", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reload(HttpServletRequest request) {
        auth.requireAdmin(request);
        RulePackRegistry.ReloadResult r = registry.reload();
        trace.record(null, null, "admin", r.loaded() ? "rule-packs-reloaded" : "rule-packs-refused",
                r.loaded() ? r.summary() : String.join("; ", r.problems()));
        if (!r.loaded()) {
            List<Map<String, Object>> errors = r.problems().stream()
                    .map(p -> Map.<String, Object>of("code", "RULE_PACK_INVALID", "message", p)).toList();
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "rule-packs-refused",
                    "rule packs refused, the packs in force stay: " + r.summary(), errors, Map.of());
        }
        return Map.of("loaded", true, "summary", r.summary());
    }

    private static Map<String, Object> regime(Regime r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("regime", r.id());
        m.put("file", r.file());
        m.put("currency", r.currency());
        m.put("zone", r.zone().getId());
        m.put("packs", r.packs().stream().map(RulePackController::pack).toList());
        return m;
    }

    private static Map<String, Object> pack(RulePack p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("version", p.version());
        m.put("effectiveFrom", p.effectiveFrom().toString());
        if (p.effectiveTo() != null) {
            m.put("effectiveTo", p.effectiveTo().toString());
        }
        m.put("dateBasis", p.dateBasis().name());
        m.put("dutyMethod", p.duty().method().name());
        m.put("source", p.source());
        return m;
    }
}
