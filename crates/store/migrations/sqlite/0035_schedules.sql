-- Business hours of teams that keep their own (docs/POLICY.md, "Team schedules"): the
-- schedule as JSON (the domain's `business_hours::BusinessHours`). A team
-- without one works the policy file's `[contact.business_hours]`.
CREATE TABLE schedules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

ALTER TABLE teams ADD COLUMN schedule_id INTEGER REFERENCES schedules (id);
