import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRoles, mayAssignRole, mayPerform, permissions, roles } from './roles.ts';

test('roles are ordered viewer < collector < admin < owner, each holding what the ones below hold', () => {
  assert.deepEqual([...roles].sort(compareRoles), ['viewer', 'collector', 'admin', 'owner']);
  const matrix = Object.fromEntries(roles.map((r) => [r, permissions.filter((p) => mayPerform(r, p))]));
  assert.deepEqual(matrix, {
    viewer: ['read'],
    collector: ['read', 'operate'],
    admin: ['read', 'operate', 'administer'],
    owner: ['read', 'operate', 'administer', 'own'],
  });
});

test('only an owner grants or revokes owner; collectors and viewers assign no role', () => {
  assert.equal(mayAssignRole('admin', 'collector'), true);
  assert.equal(mayAssignRole('admin', 'admin', 'viewer'), true);
  assert.equal(mayAssignRole('admin', 'owner'), false);
  assert.equal(mayAssignRole('admin', 'viewer', 'owner'), false);
  assert.equal(mayAssignRole('owner', 'owner'), true);
  assert.equal(mayAssignRole('collector', 'viewer'), false);
  assert.equal(mayAssignRole('viewer', 'viewer'), false);
});
