package clinic.domain;

/** A user named on an availability or appointment: the id, and the username and name at that time. */
public record UserRef(String id, String username, String name) {}
