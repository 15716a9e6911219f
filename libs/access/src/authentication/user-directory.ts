import type { Actor } from '../roles';

/** A registered user as the directory knows them (maintained by the identity context). */
export interface DirectoryUser extends Actor {
  active: boolean;
}

/** Port the identity context implements; the guard looks users up by token subject. */
export interface UserDirectory {
  findBySubject(subject: string): Promise<DirectoryUser | null>;
}

export const USER_DIRECTORY = Symbol('USER_DIRECTORY');
