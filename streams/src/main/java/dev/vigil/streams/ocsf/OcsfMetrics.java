package dev.vigil.streams.ocsf;

/** What the exporter counts; attributes are vocabulary (class, topic, stage), never values. */
public interface OcsfMetrics {
  OcsfMetrics NONE =
      new OcsfMetrics() {
        @Override
        public void exported(OcsfClass ocsfClass) {}

        @Override
        public void skipped(String topic) {}

        @Override
        public void quarantined(String topic, String stage) {}
      };

  void exported(OcsfClass ocsfClass);

  void skipped(String topic);

  void quarantined(String topic, String stage);
}
