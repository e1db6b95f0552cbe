import { describe, expect, it } from 'vitest';
import { NameIndex } from '../../src/services/name-index.js';
import type { CustomerName } from '../../src/store/store.js';

const named = (id: string, name: string, aliases: string[] = []): CustomerName => ({ id, name, aliases });

/** Many look-alike names, as a CRM fills them: the one a person meant must still come first. */
function crowd(n: number): CustomerName[] {
  return Array.from({ length: n }, (_, i) => named(`c${i}`, `Customer ${String(i).padStart(6, '0')} GmbH`));
}

describe('customer name index', () => {
  it('suggests the name a typo meant among thousands of look-alikes', () => {
    const index = new NameIndex();
    index.sync([...crowd(5000), named('acme', 'Acme Corp', ['ACME Korea'])]);
    expect(index.suggest('Acm Crop')[0]?.id).toBe('acme');
    expect(index.suggest('acme korae')[0]?.id).toBe('acme');
    expect(index.suggest('Custmer 004321 GmbH')[0]?.id).toBe('c4321');
    expect(index.suggest('zzzzqqqq')).toEqual([]);
  });

  it('filled in slices, answers as one built at once, and follows changes made meanwhile', async () => {
    const names = [...crowd(5000), named('acme', 'Acme Corp', ['ACME Korea'])];
    const sliced = new NameIndex();
    await sliced.fill(names, 700);
    expect(sliced.exact('acme korea').map((n) => n.id)).toEqual(['acme']);
    expect(sliced.onlyStartingWith('customer 004321')?.id).toBe('c4321');
    expect(sliced.suggest('Acm Crop')[0]?.id).toBe('acme');
    expect(sliced.suggest('Custmer 004321 GmbH')[0]?.id).toBe('c4321');
    // A customer added and one renamed while it filled: the next sync has them.
    const later = [...names.slice(0, -1), named('acme', 'Globex Ltd'), named('new', 'Initech AG')];
    sliced.sync(later);
    expect(sliced.exact('acme corp')).toEqual([]);
    expect(sliced.exact('globex ltd').map((n) => n.id)).toEqual(['acme']);
    expect(sliced.onlyStartingWith('initech')?.id).toBe('new');
  });

  it('after thousands of renames (a sweep of old entries among them) suggests only the names as they are now', () => {
    const index = new NameIndex();
    const before = crowd(3000);
    index.sync(before);
    // Every customer renamed: more renames than names, so the old postings are swept on the way.
    const after = before.map((n, i) => named(n.id, `Renamed ${String(i).padStart(6, '0')} Kft`));
    index.apply(after);
    expect(index.suggest('Renamd 001234 Kft')[0]?.id).toBe('c1234');
    expect(index.exact('customer 001234 gmbh')).toEqual([]);
    // The old names are not offered: nothing called "Customer … GmbH" is left.
    expect(index.suggest('Customer 001234 GmbH').every((s) => s.name.startsWith('Renamed'))).toBe(true);
    // And renaming back finds them again.
    index.apply(before.slice(0, 10));
    expect(index.suggest('Custmer 000007 GmbH')[0]?.id).toBe('c7');
  });

  it('finds names by prefix as they are now through thousands of renames, back and forth', () => {
    const index = new NameIndex();
    const before = crowd(3000);
    index.sync(before);
    const renamed = before.map((n, i) => named(n.id, `Renamed ${String(i).padStart(6, '0')} Kft`));
    // In steps, with look-ups between them, as commands arrive during a CRM burst.
    for (let s = 0; s < renamed.length; s += 250) {
      index.apply(renamed.slice(s, s + 250));
      expect(index.onlyStartingWith(`renamed ${String(s).padStart(6, '0')}`)?.id).toBe(`c${s}`);
      expect(index.onlyStartingWith(`customer ${String(s).padStart(6, '0')}`)).toBeUndefined();
    }
    expect(index.onlyStartingWith('customer')).toBeUndefined();
    // Renamed back and forth: present once under the name it has now.
    index.apply(before.slice(0, 20));
    index.apply(renamed.slice(0, 10));
    expect(index.onlyStartingWith('customer 000015')?.id).toBe('c15');
    expect(index.onlyStartingWith('customer 000005')).toBeUndefined();
    expect(index.onlyStartingWith('renamed 000005')?.id).toBe('c5');
    expect(index.onlyStartingWith('renamed 000015')).toBeUndefined();
    // Two names share the prefix: it names no one.
    index.apply([named('c16', 'Customer 000015 Annex')]);
    expect(index.onlyStartingWith('customer 000015')).toBeUndefined();
    expect(index.onlyStartingWith('customer 000015 annex')?.id).toBe('c16');
  });

  it('follows renames, new customers and removals entry by entry', () => {
    const index = new NameIndex();
    const acme = named('acme', 'Acme Corp');
    const names = [...crowd(50), acme];
    index.sync(names);
    expect(index.exact('ACME CORP').map((n) => n.id)).toEqual(['acme']);
    expect(index.onlyStartingWith('acm')?.id).toBe('acme');
    expect(index.suggest('Acme Crop')[0]?.id).toBe('acme');
    // Renamed: the old name is gone from every look-up, the new one found.
    const renamed = [...names.slice(0, -1), named('acme', 'Globex Ltd', ['Acme'])];
    index.sync(renamed);
    expect(index.exact('acme corp')).toEqual([]);
    expect(index.exact('acme').map((n) => n.id)).toEqual(['acme']);
    expect(index.suggest('Globx Ltd')[0]?.id).toBe('acme');
    // A second customer starting the same way: the prefix no longer names one.
    index.sync([...renamed, named('acme2', 'Acme Industries')]);
    expect(index.onlyStartingWith('acm')).toBeUndefined();
    expect(index.onlyStartingWith('acme ind')?.id).toBe('acme2');
    // Gone from the store's list: gone from the index.
    index.sync(crowd(50));
    expect(index.exact('acme industries')).toEqual([]);
    expect(index.suggest('Globx Ltd')).toEqual([]);
  });

  it('two customers with the same name are both found, and one removed leaves the other', () => {
    const index = new NameIndex();
    // "banana bandana" repeats trigrams ("ana", "ban"): each is listed once per name.
    const names = [...crowd(30), named('b1', 'Banana Bandana'), named('b2', 'banana bandana', ['BB'])];
    index.sync(names);
    expect(index.exact('BANANA BANDANA').map((n) => n.id)).toEqual(['b1', 'b2']);
    expect(index.onlyStartingWith('banana')).toBeUndefined();
    expect(index.suggest('Banana Bandanna', 2).map((s) => s.id)).toEqual(['b1', 'b2']);
    index.sync(names.filter((n) => n.id !== 'b1'));
    expect(index.exact('banana bandana').map((n) => n.id)).toEqual(['b2']);
    expect(index.onlyStartingWith('banana')?.id).toBe('b2');
    expect(index.suggest('Banana Bandanna').map((s) => s.id)).toEqual(['b2']);
  });
});
