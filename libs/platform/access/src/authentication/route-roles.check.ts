import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_KEY, ROLES_KEY } from '../decorators';

/** Refuses to start a service with a route that states no roles and is not public. */
@Injectable()
export class RouteRolesCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, wrapper.metatype as Function];
        const open = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
        const roles = this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets);
        if (!open && !roles?.length) missing.push(`${wrapper.name}.${name}`);
      }
    }
    if (missing.length) throw new Error(`routes without @Roles or @Public: ${missing.join(', ')}`);
  }
}
