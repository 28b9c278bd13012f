package clinic.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A doctor's entry in the clinic's directory (issue 20): the name patients see, their specialties
 * (from the clinic's list), the languages they consult in and a short bio. The rules of each field
 * are here, so the API and the tests read them from one place (docs/decisions.md, "The doctors'
 * directory").
 */
public record DoctorProfile(String doctorId, String displayName, List<String> specialties, List<String> languages, String bio) {
    /** The clinic's list: enough for any clinic's departments, and one transaction can replace it whole (≤ 100 items). */
    public static final int MAX_CLINIC_SPECIALTIES = 50;
    public static final int MAX_SPECIALTY_LENGTH = 40;
    /** A doctor's specialties: few in practice, and each is one more directory entry written with the profile. */
    public static final int MAX_DOCTOR_SPECIALTIES = 5;
    public static final int MAX_LANGUAGES = 10;
    public static final int MAX_BIO_BYTES = 1024;
    public static final int MAX_DISPLAY_NAME = NewAccount.MAX_NAME;
    /** A name-prefix query ({@code q}) of the directory: never longer than a name. */
    public static final int MAX_QUERY = NewAccount.MAX_NAME;

    private static final Pattern SPECIALTY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** BCP 47's common shape: language (ISO 639, 2 or 3 letters), optional script (4 letters), optional region (ISO 3166 or UN M.49). */
    private static final Pattern LANGUAGE_TAG = Pattern.compile("([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}|[0-9]{3}))?");
    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    private static final Set<String> ISO_3166 = Set.of(Locale.getISOCountries());

    public DoctorProfile {
        specialties = List.copyOf(specialties);
        languages = List.copyOf(languages);
    }

    /** A doctor who never saved a profile: listed under their account name, nothing else. */
    public static DoctorProfile initial(String doctorId, String name) {
        return new DoctorProfile(doctorId, name, List.of(), List.of(), null);
    }

    /**
     * A profile as a client sent it, checked field by field (every problem named at once, under the
     * field and index it concerns); the specialties' membership of the clinic's list is held by the
     * write, not here. Languages come back in their canonical case ({@code pt-br} is {@code pt-BR}).
     */
    public static DoctorProfile checked(String doctorId, String displayName, List<String> specialties, List<String> languages,
                                        String bio, Map<String, String> problems) {
        String name = displayName == null ? null : displayName.strip();
        if (name == null || name.isEmpty()) {
            problems.putIfAbsent("display_name", "is required");
        } else if (name.length() > MAX_DISPLAY_NAME) {
            problems.put("display_name", "at most " + MAX_DISPLAY_NAME + " characters");
        } else if (name.codePoints().anyMatch(NewAccount::isInvisibleOrControl)) {
            problems.put("display_name", "must not contain control or invisible formatting characters");
        }
        List<String> ownSpecialties = specialties == null ? List.of() : specialties;
        if (ownSpecialties.size() > MAX_DOCTOR_SPECIALTIES) {
            problems.put("specialties", "at most " + MAX_DOCTOR_SPECIALTIES);
        }
        checkNames("specialties", ownSpecialties, problems);
        List<String> tags = new ArrayList<>();
        List<String> ownLanguages = languages == null ? List.of() : languages;
        if (ownLanguages.size() > MAX_LANGUAGES) {
            problems.put("languages", "at most " + MAX_LANGUAGES);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < ownLanguages.size(); i++) {
            String tag = languageTag(ownLanguages.get(i));
            if (tag == null) {
                problems.put("languages[" + i + "]", "must be a language tag such as en, pt-BR or zh-Hant (BCP 47: an ISO 639 language, "
                        + "then optionally a script and an ISO 3166 region)");
            } else if (!seen.add(tag)) {
                problems.put("languages[" + i + "]", "is listed twice");
            } else {
                tags.add(tag);
            }
        }
        String ownBio = bio == null || bio.isBlank() ? null : bio.strip();
        if (ownBio != null && ownBio.getBytes(StandardCharsets.UTF_8).length > MAX_BIO_BYTES) {
            problems.put("bio", "at most " + MAX_BIO_BYTES + " bytes (UTF-8)");
        } else if (ownBio != null && ownBio.codePoints().anyMatch(NewAccount::isInvisibleOrControl)) {
            problems.put("bio", "must not contain control or invisible formatting characters (line breaks included)");
        }
        return new DoctorProfile(doctorId, name, ownSpecialties, tags, ownBio);
    }

    /** The clinic's list of specialties as an admin sent it: slug-like names, no repeats, at most {@link #MAX_CLINIC_SPECIALTIES}. */
    public static List<String> clinicList(List<String> names) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (names.size() > MAX_CLINIC_SPECIALTIES) {
            problems.put("body", "at most " + MAX_CLINIC_SPECIALTIES + " specialties");
        }
        checkNames("body", names, problems);
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return names.stream().sorted().toList();
    }

    /** A profile naming a specialty the clinic's list lacks (held by the profile's write: the list may change meanwhile). */
    public static Problem.Invalid notOnTheList(String specialty) {
        return new Problem.Invalid("specialties", "'" + specialty + "' is not one of the clinic's specialties (GET /api/specialties)");
    }

    /** A specialty given in a query ({@code specialty=}): 400 unless it could be one. */
    public static String requireSpecialty(String field, String name) {
        if (!isSpecialty(name)) {
            throw new Problem.Invalid(field, SPECIALTY_RULE);
        }
        return name;
    }

    /** The case-insensitive key a name-prefix query matches: the name lower-cased. */
    public static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** A name-prefix query ({@code q}), as the key it matches; 400 when it could match no name. */
    public static String queryKey(String field, String q) {
        if (q.length() > MAX_QUERY) {
            throw new Problem.Invalid(field, "at most " + MAX_QUERY + " characters");
        }
        if (q.codePoints().anyMatch(NewAccount::isInvisibleOrControl)) {
            throw new Problem.Invalid(field, "must not contain control or invisible formatting characters");
        }
        return q.stripLeading().toLowerCase(Locale.ROOT);
    }

    private static final String SPECIALTY_RULE = "must be a specialty name: lower-case letters, digits and single hyphens, "
            + "starting with a letter, at most " + MAX_SPECIALTY_LENGTH + " characters (such as cardiology or family-medicine)";

    private static boolean isSpecialty(String name) {
        return name != null && name.length() <= MAX_SPECIALTY_LENGTH && SPECIALTY.matcher(name).matches();
    }

    private static void checkNames(String field, List<String> names, Map<String, String> problems) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!isSpecialty(name)) {
                problems.put(field + "[" + i + "]", SPECIALTY_RULE);
            } else if (!seen.add(name)) {
                problems.put(field + "[" + i + "]", "is listed twice");
            }
        }
    }

    /** A BCP 47 tag in its canonical case, or null if it is not one we accept. */
    static String languageTag(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = LANGUAGE_TAG.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String language = m.group(1).toLowerCase(Locale.ROOT);
        // Two letters: ISO 639-1, checked against the list. Three: ISO 639-2/3, whose full list the JDK lacks, so by shape.
        if (language.length() == 2 && !ISO_639_1.contains(language)) {
            return null;
        }
        StringBuilder tag = new StringBuilder(language);
        if (m.group(2) != null) {
            String script = m.group(2).toLowerCase(Locale.ROOT);
            tag.append('-').append(Character.toUpperCase(script.charAt(0))).append(script, 1, 4);
        }
        if (m.group(3) != null) {
            String region = m.group(3).toUpperCase(Locale.ROOT);
            if (Character.isLetter(region.charAt(0)) && !ISO_3166.contains(region)) {
                return null;
            }
            tag.append('-').append(region);
        }
        return tag.toString();
    }
}
