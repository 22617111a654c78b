package dev.vigil.streams.ocsf;

/** The OCSF 1.8.0 classes Vigil emits (class_uid = category_uid * 1000 + the class's uid). */
public enum OcsfClass {
  COMPLIANCE_FINDING(2003, "Compliance Finding", 2, "Findings"),
  DETECTION_FINDING(2004, "Detection Finding", 2, "Findings"),
  INCIDENT_FINDING(2005, "Incident Finding", 2, "Findings"),
  ENTITY_MANAGEMENT(3004, "Entity Management", 3, "Identity & Access Management");

  private final int uid;
  private final String caption;
  private final int categoryUid;
  private final String categoryCaption;

  OcsfClass(int uid, String caption, int categoryUid, String categoryCaption) {
    this.uid = uid;
    this.caption = caption;
    this.categoryUid = categoryUid;
    this.categoryCaption = categoryCaption;
  }

  public int uid() {
    return uid;
  }

  public String caption() {
    return caption;
  }

  public int categoryUid() {
    return categoryUid;
  }

  public String categoryCaption() {
    return categoryCaption;
  }
}
