"use client";

import type { Presence } from "./live-check";
import styles from "./editor.module.css";

/** One person in the check: their name on their colour (the colour of their caret). */
function Person({ presence }: { presence: Presence }) {
  return (
    <li className={styles.person} style={{ borderColor: presence.user.color }}>
      <span className={styles.personDot} style={{ backgroundColor: presence.user.color }} aria-hidden="true" />
      {presence.user.name}
    </li>
  );
}

/** The header's "who else is in": everyone else with the check open now. */
export function PresenceList({ people }: { people: Presence[] }) {
  return (
    <section className={styles.presence} aria-label="Who else is editing">
      {people.length ? (
        <>
          <span className={styles.presenceLabel}>Also here:</span>
          <ul className={styles.people}>
            {people.map((p) => (
              <Person key={p.user.id} presence={p} />
            ))}
          </ul>
        </>
      ) : (
        <span className={styles.presenceLabel}>No one else is here</span>
      )}
    </section>
  );
}

/** Who is in one section now (in its heading or body). */
export function PeopleIn({ people, label }: { people: Presence[]; label: string }) {
  if (!people.length) return null;
  return (
    <ul className={styles.people} aria-label={label}>
      {people.map((p) => (
        <Person key={p.user.id} presence={p} />
      ))}
    </ul>
  );
}
