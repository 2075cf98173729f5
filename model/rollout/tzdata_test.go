package rollout

// Tests carry their own copy of the zone database, so they give the same
// answers on machines without /usr/share/zoneinfo.
import _ "time/tzdata"
