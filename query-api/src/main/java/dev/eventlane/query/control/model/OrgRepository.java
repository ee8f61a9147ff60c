package dev.eventlane.query.control.model;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OrgRepository implements PanacheRepositoryBase<Org, UUID> {

    public List<Org> ofUser(UUID userId) {
        return find("select o from Org o, Membership m where m.orgId = o.id and m.userId = ?1"
                + " order by o.createdAt, o.id", userId).list();
    }
}
