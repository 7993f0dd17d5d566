import { type CanActivate, Injectable, NotFoundException } from '@nestjs/common';

/** Stands in for deep guards when none are configured: the deep route does not exist for the outside world. */
@Injectable()
export class DeepRouteDisabledGuard implements CanActivate {
  canActivate(): boolean {
    throw new NotFoundException();
  }
}
