/**
 * The home page, "/", is a cached page of the dynamic route
 * app/(public)/home/[edition], so that it is rendered on its first visit rather
 * than at build (where there is no database). next.config.ts rewrites "/" to
 * this one edition; any other edition is not found.
 */
export const HOME_EDITION = "latest";
export const HOME_PATH = `/home/${HOME_EDITION}`;
