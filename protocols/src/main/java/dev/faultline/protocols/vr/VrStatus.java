package dev.faultline.protocols.vr;

/** A replica's status (the paper's normal, view-change and recovering). */
public enum VrStatus {
  NORMAL,
  VIEW_CHANGE,
  RECOVERING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
