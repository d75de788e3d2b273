import type { VmTarget } from './use-fleet';

/**
 * What the blade's commands and row menus do. The panes (enable/edit, request access, remove,
 * activity log) are other features, so src/app injects them here: features never import each other.
 */
export interface BladeActions {
  enable: (vms: readonly VmTarget[]) => void;
  edit: (vm: VmTarget) => void;
  requestAccess: (vms: readonly VmTarget[]) => void;
  activityLog: (vm: VmTarget) => void;
  remove: (vm: VmTarget) => void;
  /** The NSG rules JIT wrote for the VM. */
  viewNsgRules: (vm: VmTarget) => void;
}
