package clinic.domain;

/** A registered user as the clinic knows them; {@code id} is the Cognito {@code sub}. */
public record UserProfile(String id, Role role, String username, String email, String name) {}
