/** The ordered list of migrations. Append only; never edit or reorder a merged one. */
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as incidents from './0002-incidents';
import * as releaseApprovals from './0003-release-approvals';
import * as actorsIndicatorsLinks from './0004-actors-indicators-links';
import * as incidentMapCells from './0005-incident-map-cells';
import * as savedSearches from './0006-saved-searches';
import * as attachments from './0007-attachments';
import * as hotline from './0008-hotline';
import * as mail from './0009-mail';
import * as changeNotify from './0010-change-notify';
import * as crisisRooms from './0011-crisis-rooms';
import * as webPush from './0012-web-push';
import * as peers from './0013-peers';
import * as stixObjects from './0014-stix-objects';
import * as replication from './0015-replication';
import * as auditExchange from './0016-audit-exchange';
import * as taxiiStatus from './0017-taxii-status';
import * as hotlineFederation from './0018-hotline-federation';
import * as taxiiSubscriptions from './0019-taxii-subscriptions';
import * as crisisFederation from './0020-crisis-federation';
import * as taxiiFeedUpdates from './0021-taxii-feed-updates';
import * as stixSuperseded from './0022-stix-superseded';
import * as stixObjectText from './0023-stix-object-text';
import * as stixSupersedeCheaper from './0024-stix-supersede-cheaper';
import * as approvalBindsVersion from './0025-approval-binds-version';
import * as importedRecords from './0026-imported-records';
import * as accountSafeguards from './0027-account-safeguards';
import * as keysOutsideDatabase from './0028-keys-outside-database';
import * as recallIntegrity from './0030-recall-integrity';
import * as receivedFieldGroups from './0031-received-field-groups';
import * as idempotencyKeys from './0032-idempotency-keys';
import * as indicatorName from './0033-indicator-name';
import * as publishedObjectsByRecord from './0034-published-objects-by-record';
import * as sessionIdleExpiry from './0036-session-idle-expiry';
import * as stixReferences from './0037-stix-references';
import * as deskContacts from './0038-desk-contacts-and-notification-topics';
import * as incidentSortOrders from './0040-incident-sort-orders';
import * as dialogueMeetings from './0041-dialogue-meetings';
import * as calendarFeeds from './0042-calendar-feeds';
import * as minutesPerWriter from './0043-minutes-per-writer';
import * as jointStatements from './0044-joint-statements';
import * as statementTranslationsAndRelease from './0045-statement-translations-and-release';
import * as commitments from './0046-commitments';
import * as minutesAdoption from './0047-minutes-adoption';
import * as agendaAttachments from './0048-agenda-attachments';
import * as stixObjectSizes from './0049-stix-object-sizes';
import * as trainingCalendar from './0050-training-calendar';
import * as exerciseControl from './0051-exercise-control';
import * as injectLabels from './0052-inject-labels';
import * as observations from './0053-observations';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-incidents': incidents,
  '0003-release-approvals': releaseApprovals,
  '0004-actors-indicators-links': actorsIndicatorsLinks,
  '0005-incident-map-cells': incidentMapCells,
  '0006-saved-searches': savedSearches,
  '0007-attachments': attachments,
  '0008-hotline': hotline,
  '0009-mail': mail,
  '0010-change-notify': changeNotify,
  '0011-crisis-rooms': crisisRooms,
  '0012-web-push': webPush,
  '0013-peers': peers,
  '0014-stix-objects': stixObjects,
  '0015-replication': replication,
  '0016-audit-exchange': auditExchange,
  '0017-taxii-status': taxiiStatus,
  '0018-hotline-federation': hotlineFederation,
  '0019-taxii-subscriptions': taxiiSubscriptions,
  '0020-crisis-federation': crisisFederation,
  '0021-taxii-feed-updates': taxiiFeedUpdates,
  '0022-stix-superseded': stixSuperseded,
  '0023-stix-object-text': stixObjectText,
  '0024-stix-supersede-cheaper': stixSupersedeCheaper,
  '0025-approval-binds-version': approvalBindsVersion,
  '0026-imported-records': importedRecords,
  '0027-account-safeguards': accountSafeguards,
  '0028-keys-outside-database': keysOutsideDatabase,
  '0030-recall-integrity': recallIntegrity,
  '0031-received-field-groups': receivedFieldGroups,
  '0032-idempotency-keys': idempotencyKeys,
  '0033-indicator-name': indicatorName,
  '0034-published-objects-by-record': publishedObjectsByRecord,
  '0036-session-idle-expiry': sessionIdleExpiry,
  '0037-stix-references': stixReferences,
  '0038-desk-contacts-and-notification-topics': deskContacts,
  '0040-incident-sort-orders': incidentSortOrders,
  '0041-dialogue-meetings': dialogueMeetings,
  '0042-calendar-feeds': calendarFeeds,
  '0043-minutes-per-writer': minutesPerWriter,
  '0044-joint-statements': jointStatements,
  '0045-statement-translations-and-release': statementTranslationsAndRelease,
  '0046-commitments': commitments,
  '0047-minutes-adoption': minutesAdoption,
  '0048-agenda-attachments': agendaAttachments,
  '0049-stix-object-sizes': stixObjectSizes,
  '0050-training-calendar': trainingCalendar,
  '0051-exercise-control': exerciseControl,
  '0052-inject-labels': injectLabels,
  '0053-observations': observations,
};
