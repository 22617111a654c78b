package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A redacted security signal as an OCSF Detection Finding (2004), with the {@code security_control}
 * profile (an IDS is a security control: {@code action_id} Observed, {@code is_alert}, {@code
 * attacks} also at the top level as the class description asks).
 */
final class SignalMapping {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern MITRE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  /** Attributes mapped to OCSF attributes; every other one goes to {@code unmapped.attributes}. */
  private static final List<String> RULE_IDS = List.of("signature_id", "rule_id");

  private SignalMapping() {}

  static Exported.Event map(
      String key, SecuritySignal s, Provenance provenance, String productVersion) {
    Signal signal = s.getSignal();
    Map<String, String> rest = new TreeMap<>(signal.getAttributes());
    String eventId = s.getEventId().toString();
    Envelope env =
        Envelope.of(OcsfClass.DETECTION_FINDING, 1, "Create", productVersion)
            .severity(signal.getSeverity())
            .status(1, "New")
            .time(s.getObservedAt())
            .metadata(eventId, correlation(rest), provenance)
            .loggedTime(s.getIngestedAt())
            .profiles("security_control");
    ObjectNode event = env.event();
    if (signal.getMessage() != null && !signal.getMessage().isEmpty()) {
      event.put("message", signal.getMessage());
    }
    event.put("is_alert", true);
    event.put("action_id", 3);
    event.put("action", "Observed");
    ObjectNode info = event.putObject("finding_info");
    info.put("uid", eventId);
    info.put("title", title(signal));
    Envelope.strings(info, "types", nonEmpty(signal.getCategory()));
    Envelope.strings(info, "data_sources", List.of(origin(signal.getOrigin())));
    analytic(info, signal, rest);
    ArrayNode attacks = attacks(rest.remove("mitre_ids"));
    if (!attacks.isEmpty()) {
      info.set("attacks", attacks);
      event.set("attacks", attacks.deepCopy());
    }
    vulnerabilities(event, rest.remove("cve"));
    ArrayNode observables = Envelope.JSON.createArrayNode();
    evidence(event, signal, rest, observables);
    Resources.service(event, s.getService(), observables);
    if (!observables.isEmpty()) {
      event.set("observables", observables);
    }
    Resources.where(env, s.getSite(), s.getService(), s.getScope(), s.getSegment(), s.getSource());
    env.unmapped("origin", signal.getOrigin().name());
    env.unmapped("attributes", rest);
    return new Exported.Event(OcsfClass.DETECTION_FINDING, key, env.json());
  }

  private static String title(Signal signal) {
    if (!signal.getSignature().isBlank()) {
      return signal.getSignature();
    }
    return signal.getCategory().isBlank() ? "security signal" : signal.getCategory();
  }

  private static List<String> nonEmpty(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value);
  }

  /** Suricata's community id or flow id, Zeek's connection uid: what links the sensor's records. */
  private static String correlation(Map<String, String> attributes) {
    for (String k : List.of("community_id", "flow_id", "uid")) {
      String v = attributes.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String origin(SignalOrigin origin) {
    return switch (origin) {
      case SURICATA -> "Suricata";
      case ZEEK -> "Zeek";
      case SNORT -> "Snort";
      case SIEM -> "SIEM";
      case SIGMA -> "Sigma";
      case WAZUH -> "Wazuh";
      case SYSLOG -> "syslog";
      case OTHER -> "other";
    };
  }

  /** The rule that fired: Suricata/Snort signature id, Wazuh rule id, CEF signature id. */
  private static void analytic(ObjectNode info, Signal signal, Map<String, String> rest) {
    ObjectNode analytic = info.putObject("analytic");
    analytic.put("type_id", 1);
    analytic.put("type", "Rule");
    for (String k : RULE_IDS) {
      String v = rest.remove(k);
      if (v != null && !v.isBlank()) {
        analytic.put("uid", v);
        break;
      }
    }
    if (!signal.getSignature().isBlank()) {
      analytic.put("name", signal.getSignature());
    }
    if (!signal.getCategory().isBlank()) {
      analytic.put("category", signal.getCategory());
    }
  }

  /** MITRE ATT&CK technique ids (Wazuh {@code rule.mitre.id}); sub-techniques keep their parent. */
  private static ArrayNode attacks(String ids) {
    ArrayNode attacks = Envelope.JSON.createArrayNode();
    if (ids == null) {
      return attacks;
    }
    for (String id : Arrays.stream(ids.split(",")).map(String::trim).distinct().toList()) {
      if (!MITRE.matcher(id).matches()) {
        continue;
      }
      ObjectNode attack = attacks.addObject();
      int dot = id.indexOf('.');
      attack.putObject("technique").put("uid", dot < 0 ? id : id.substring(0, dot));
      if (dot > 0) {
        attack.putObject("sub_technique").put("uid", id);
      }
    }
    return attacks;
  }

  private static void vulnerabilities(ObjectNode event, String cve) {
    if (cve == null || !CVE.matcher(cve.trim()).matches()) {
      return;
    }
    ObjectNode vulnerability = event.putArray("vulnerabilities").addObject();
    vulnerability.putObject("cve").put("uid", cve.trim());
  }

  /**
   * One evidence with the endpoints, user and host. Redacted addresses are pseudonyms (not IPs):
   * they go to the endpoint's {@code uid}; a value that is still an IP address (a rule set that
   * keeps addresses) goes to {@code ip}.
   */
  private static void evidence(
      ObjectNode event, Signal signal, Map<String, String> rest, ArrayNode observables) {
    ObjectNode evidence = Envelope.JSON.createObjectNode();
    endpoint(evidence, "src_endpoint", signal.getSrcIp(), rest, "src_port", observables);
    endpoint(evidence, "dst_endpoint", signal.getDstIp(), rest, "dest_port", observables);
    if (present(signal.getUser())) {
      evidence.putObject("user").put("uid", signal.getUser());
      observables
          .addObject()
          .put("name", "evidences.user")
          .put("type_id", 21)
          .put("type", "User")
          .put("value", signal.getUser());
    }
    if (present(signal.getHost())) {
      evidence
          .putObject("device")
          .put("type_id", 0)
          .put("type", "Unknown")
          .put("uid", signal.getHost());
    }
    if (!evidence.isEmpty()) {
      event.putArray("evidences").add(evidence);
    }
  }

  private static void endpoint(
      ObjectNode evidence,
      String name,
      String address,
      Map<String, String> rest,
      String portKey,
      ArrayNode observables) {
    if (!present(address)) {
      return;
    }
    ObjectNode endpoint = evidence.putObject(name);
    if (isIp(address)) {
      endpoint.put("ip", address);
      observables
          .addObject()
          .put("name", "evidences." + name + ".ip")
          .put("type_id", 2)
          .put("type", "IP Address")
          .put("value", address);
    } else {
      endpoint.put("uid", address);
    }
    String port = rest.get(portKey);
    if (port != null && PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535) {
      endpoint.put("port", Integer.parseInt(port));
      rest.remove(portKey);
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  static boolean isIp(String value) {
    if (IPV4.matcher(value).matches()) {
      return true;
    }
    if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // a literal of hex digits, colons and dots only: parsed, never resolved
      return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
