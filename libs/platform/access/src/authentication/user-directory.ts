import type { Actor, PlatformActor } from '../roles';

/** A registered user as the directory knows them (maintained by the identity context). */
export interface DirectoryUser extends Actor {
  active: boolean;
}

/** A registered platform administrator (maintained by the identity context). */
export interface DirectoryPlatformAdmin extends PlatformActor {
  active: boolean;
}

/** Port the identity context implements; the guard looks users up by token subject. */
export interface UserDirectory {
  /** A subject names a partnership user or a platform administrator, never both. */
  findBySubject(subject: string): Promise<DirectoryUser | DirectoryPlatformAdmin | null>;
}

export const USER_DIRECTORY = Symbol('USER_DIRECTORY');
