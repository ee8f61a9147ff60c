package dev.eventlane.query.web.service;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.control.model.MembershipRepository;
import dev.eventlane.query.control.model.ProjectRepository;

/**
 * The project a web analytics request names by slug, if the signed-in user is a member of its org. A project that
 * does not exist and one the user cannot access answer alike (404), so slugs cannot be probed.
 */
@ApplicationScoped
public class WebProjects {

    /** The control plane's slug rule. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Tracker ids are ULIDs; anything of up to 64 letters, digits, dashes and underscores is accepted. */
    private static final Pattern VISITOR = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final ProjectRepository projects;
    private final MembershipRepository members;

    public WebProjects(ProjectRepository projects, MembershipRepository members) {
        this.projects = projects;
        this.members = members;
    }

    /** The project id of {@code slug} for {@code userId}: 400 for a malformed slug, 404 when not accessible. */
    public String projectId(UUID userId, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new ApiException(400, "invalid_project", "The project slug must be 1 to 63 lower-case letters,"
                    + " digits or dashes, starting with a letter or digit");
        }
        return projects.bySlug(slug).filter(p -> members.of(p.orgId, userId).isPresent())
                .map(p -> p.id.toString())
                .orElseThrow(() -> new ApiException(404, "project_not_found", "Project not found"));
    }

    /** A visitor id of the path: 400 unless it has the tracker's id form. */
    public static String visitorId(String visitorId) {
        if (visitorId == null || !VISITOR.matcher(visitorId).matches()) {
            throw new ApiException(400, "invalid_visitor_id", "The visitor id must be 1 to 64 letters, digits,"
                    + " dashes or underscores");
        }
        return visitorId;
    }
}
