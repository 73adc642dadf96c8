/** Strategic dialogue: meetings, invitation answers, delegations, the agenda with its files and minutes. */
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  agendaAttachmentSchema,
  agendaAttachmentUploadSchema,
  agendaItemCreateRequestSchema,
  agendaItemSchema,
  agendaItemUpdateRequestSchema,
  delegationRequestSchema,
  delegationSchema,
  invitationAnswerRequestSchema,
  invitationAnswerSchema,
  meetingCreateRequestSchema,
  meetingListQuerySchema,
  meetingSchema,
  meetingSummarySchema,
  meetingUpdateRequestSchema,
  minutesSchema,
  minutesWriteRequestSchema,
} from '../../../shared/contracts/dialogue';
import {
  addAgendaItem,
  answerInvitation,
  cancelMeeting,
  createMeeting,
  getAgendaItem,
  getAnswer,
  getDelegation,
  getMeeting,
  getMinutes,
  listMeetings,
  mayAttach,
  meetingParts,
  meetingPermissions,
  updateAgendaItem,
  updateMeeting,
  writeDelegation,
  writeMinutes,
} from '../../domain/dialogue/meeting-service';
import { versionTag } from '../if-match';
import {
  presentAgendaAttachment,
  presentAgendaItem,
  presentAnswer,
  presentDelegation,
  presentMeeting,
  presentMeetingSummary,
  presentMinutes,
} from '../presenters/meeting-presenter';
import { attachToAgendaItem, getAgendaAttachment } from '../../domain/dialogue/agenda-attachments';
import { sendFile } from '../file-download';
import { defineRoute } from '../route';
import type { FastifyReply } from 'fastify';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

async function meetingFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const meeting = await getMeeting(ctx, actor, id);
  reply?.header('etag', versionTag(meeting.version));
  return presentMeeting(meeting, await meetingParts(ctx, actor, meeting), meetingPermissions(actor, meeting));
}

async function agendaItemFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const { item, number, minutes, attachments, meeting } = await getAgendaItem(ctx, actor, id);
  reply?.header('etag', versionTag(item.version));
  return presentAgendaItem(item, number, minutes, attachments, {
    organise: meetingPermissions(actor, meeting).organise,
    attach: mayAttach(actor, meeting, item) !== null,
  });
}

const tag = 'dialogue';

export const dialogueRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/meetings',
    summary: 'Meetings the caller may read, soonest first (cursor pagination; `from`: those ending at or after it)',
    tag,
    auth: 'user',
    query: meetingListQuerySchema,
    response: pageOf(meetingSummarySchema),
    reads: { kind: 'list', recordKind: 'meeting' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listMeetings(ctx, actor, query);
      return { items: page.items.map(presentMeetingSummary), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings',
    summary: 'Organise a meeting hosted by the caller’s nation; its label must release it to every nation invited',
    tag,
    auth: 'user',
    body: meetingCreateRequestSchema,
    response: meetingSchema,
    status: 201,
    handler: async ({ ctx, actor, body, reply }) => meetingFor(ctx, actor, await createMeeting(ctx, actor, body), reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meetings/:id',
    summary:
      'One meeting with the answers, delegations, agenda items and minutes the caller may read; items are numbered among those (404 when missing or not releasable — the same answer)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: meetingSchema,
    reads: { kind: 'record', recordKind: 'meeting' },
    handler: async ({ ctx, actor, params, reply }) => meetingFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/meetings/:id',
    summary: 'Change a meeting (the host’s organisers; If-Match may name the version changed)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: meetingUpdateRequestSchema,
    response: meetingSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await updateMeeting(ctx, actor, params.id, body, ifMatch);
      return meetingFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings/:id/cancel',
    summary: 'Cancel a meeting (the host’s organisers); it then takes no more changes',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: meetingSchema,
    handler: async ({ ctx, actor, params, reply }) => {
      await cancelMeeting(ctx, actor, params.id);
      return meetingFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/meetings/:id/answer',
    summary: 'Answer the invitation for the caller’s nation: accepted, declined or tentative (again: the answer changes)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: invitationAnswerRequestSchema,
    response: meetingSchema,
    handler: async ({ ctx, actor, params, body, reply }) => {
      await answerInvitation(ctx, actor, params.id, body);
      return meetingFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/meetings/:id/delegation',
    summary: 'Name the caller’s nation’s delegation: its head and members (name, rank, appointment)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: delegationRequestSchema,
    response: meetingSchema,
    handler: async ({ ctx, actor, params, body, reply }) => {
      await writeDelegation(ctx, actor, params.id, body);
      return meetingFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings/:id/agenda',
    summary: 'Add an item to the agenda, under its own label (the host’s organisers); `after` places it',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: agendaItemCreateRequestSchema,
    response: agendaItemSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body, reply }) =>
      agendaItemFor(ctx, actor, await addAgendaItem(ctx, actor, params.id, body), reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meeting-answers/:id',
    summary: 'One nation’s answer to an invitation (404 when missing or not releasable, the meeting’s label included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: invitationAnswerSchema,
    reads: { kind: 'record', recordKind: 'meeting-answer' },
    handler: async ({ ctx, actor, params }) => presentAnswer(await getAnswer(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/delegations/:id',
    summary: 'One nation’s delegation to a meeting (404 when missing or not releasable, the meeting’s label included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: delegationSchema,
    reads: { kind: 'record', recordKind: 'delegation' },
    handler: async ({ ctx, actor, params }) => presentDelegation(await getDelegation(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/agenda-items/:id',
    summary:
      'One agenda item, numbered among its meeting’s items the caller may read (404 when missing or not releasable, the meeting’s label included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: agendaItemSchema,
    reads: { kind: 'record', recordKind: 'agenda-item' },
    handler: async ({ ctx, actor, params, reply }) => agendaItemFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/agenda-items/:id',
    summary: 'Change or move an agenda item (the host’s organisers; If-Match may name the version changed)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: agendaItemUpdateRequestSchema,
    response: agendaItemSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await updateAgendaItem(ctx, actor, params.id, body, ifMatch);
      return agendaItemFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/agenda-items/:id/minutes',
    summary: 'Write the minutes of an agenda item (the host’s organisers), under the item’s audience unless a label is given',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: minutesWriteRequestSchema,
    response: agendaItemSchema,
    handler: async ({ ctx, actor, params, body, reply }) => {
      await writeMinutes(ctx, actor, params.id, body);
      return agendaItemFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/minutes/:id',
    summary: 'The minutes of one agenda item (404 when missing or not releasable, the item’s and the meeting’s labels included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: minutesSchema,
    reads: { kind: 'record', recordKind: 'minutes' },
    handler: async ({ ctx, actor, params }) => {
      const { minutes, meeting } = await getMinutes(ctx, actor, params.id);
      return presentMinutes(minutes, meetingPermissions(actor, meeting).organise);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/agenda-items/:id/attachments',
    summary:
      'Attach a file to an agenda item (the host’s organisers, or the delegates of the nation leading it): base64; type decided from the content (documents, images, plain text); at most 10 MiB; under the item’s audience unless a label is given',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: agendaAttachmentUploadSchema,
    bodyLimit: 16 * 1_048_576,
    response: agendaAttachmentSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body }) => presentAgendaAttachment(await attachToAgendaItem(ctx, actor, params.id, body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/agenda-attachments/:id',
    summary:
      'Download a file attached to an agenda item (always as a file, never shown inline; 404 when missing or not releasable, the item’s and the meeting’s labels included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'agenda-attachment' },
    handler: async ({ ctx, actor, params, reply }) => sendFile(reply, await getAgendaAttachment(ctx, actor, params.id)),
  }),
];
