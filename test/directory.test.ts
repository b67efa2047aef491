import { afterEach, describe, expect, it } from 'vitest';
import { Directory } from '../src/core/directory.js';
import { openStorage, type Storage } from '../src/db/open.js';

let storage: Storage;
afterEach(() => storage?.close());

const WORKSPACE = 'mem:w:acme';

function directory(capacity: number): Directory {
  storage = openStorage(':memory:');
  return new Directory(storage.sqlite, 'UTC', () => Date.parse('2026-11-30T08:00:00Z'), capacity);
}

function memberRows(): Array<{ id: number; user_ref: string; name: string }> {
  return storage.sqlite.prepare('SELECT id, user_ref, name FROM member ORDER BY id').all() as Array<{ id: number; user_ref: string; name: string }>;
}

describe('the member directory', () => {
  it('remembers a bounded number of members and finds the others again without a second row', () => {
    const dir = directory(3);
    const ids = ['ana', 'ben', 'cy', 'dee', 'eve'].map((name) => dir.memberId(WORKSPACE, `mem:u:${name}`, name));
    expect(new Set(ids).size).toBe(5);
    // ana and ben were let go of (capacity 3): they come back with the same ids.
    expect(dir.memberId(WORKSPACE, 'mem:u:ana', 'ana')).toBe(ids[0]);
    expect(dir.memberId(WORKSPACE, 'mem:u:ben', 'ben')).toBe(ids[1]);
    expect(memberRows()).toHaveLength(5);
  });

  it('stores a changed display name, whether the member is remembered or not', () => {
    const dir = directory(1);
    const ana = dir.memberId(WORKSPACE, 'mem:u:ana', 'ana');
    dir.memberId(WORKSPACE, 'mem:u:ana', 'Ana B.');
    expect(memberRows()[0]!.name).toBe('Ana B.');
    dir.memberId(WORKSPACE, 'mem:u:ben', 'ben'); // ana is let go of
    expect(dir.memberId(WORKSPACE, 'mem:u:ana', 'Ana Bell')).toBe(ana);
    expect(memberRows()[0]!.name).toBe('Ana Bell');
    // An event without a name keeps the stored one.
    dir.memberId(WORKSPACE, 'mem:u:ana', '');
    expect(memberRows()[0]!.name).toBe('Ana Bell');
  });

  it('uses the row another process added in the meantime (two shards on one database)', () => {
    const dir = directory(10);
    const other = new Directory(storage.sqlite, 'UTC', () => 0, 10);
    const id = other.memberId(WORKSPACE, 'mem:u:ana', 'ana');
    expect(dir.memberId(WORKSPACE, 'mem:u:ana', 'ana')).toBe(id);
    expect(memberRows()).toHaveLength(1);
  });

  it('hands out a fresh id after a member is forgotten and their row deleted', () => {
    const dir = directory(10);
    const before = dir.memberId(WORKSPACE, 'mem:u:ana', 'ana');
    storage.sqlite.prepare('DELETE FROM member WHERE id = ?').run(before);
    dir.forgetMember(WORKSPACE, 'mem:u:ana');
    const after = dir.memberId(WORKSPACE, 'mem:u:ana', 'ana');
    expect(after).not.toBe(before);
    expect(memberRows().map((m) => m.id)).toEqual([after]);
  });
});
