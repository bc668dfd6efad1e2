import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import FieldErrors from '../../src/view/FieldErrors.svelte';

describe('FieldErrors', () => {
  it('lists a refusal given twice once, and the others in order', () => {
    const twice = { field: 'fault', message: 'fault "crash:C@1s": target must be A or B; got "C"' };
    render(FieldErrors, { heading: 'Some of the link was not used', errors: [twice, { ...twice }, { field: 'seed', message: 'seed must be a whole number from 0 to 4294967295; got "x"' }, { ...twice }], onDismiss: vi.fn() });
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['fault: fault "crash:C@1s": target must be A or B; got "C"', 'seed: seed must be a whole number from 0 to 4294967295; got "x"']);
  });
});
