import type { Db } from '../../db/database.ts';
import { contactsOfCustomer } from '../../stores/contacts.ts';
import { ValidationError } from '../errors.ts';
import { optOutContact } from '../opt-out.ts';
import type { PortalAccess } from './open-portal.ts';
import { submitOnce, type PortalForm } from './submit.ts';

/** The debtor stops reminders to one of their contacts, as the opt-out link does (opt-out.ts), on channel `portal`. */
export async function optOutOnPortal(db: Db, access: PortalAccess, form: PortalForm, input: { contactId: string }, now: Date) {
  return submitOnce(db, access, 'opt_out', form, now, async (trx, ctx) => {
    const contact = (await contactsOfCustomer(trx, access.org.id, access.customer.id)).find((c) => c.id === input.contactId);
    if (!contact) throw new ValidationError([{ field: 'contact', reason: 'choose one of your contacts' }]);
    await optOutContact(trx, access.org.id, contact.id, ctx.now, 'portal', 'portal');
    return { contact_id: contact.id, channel: contact.channel };
  });
}
