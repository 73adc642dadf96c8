/** Running an exercise: its control panel, its MSEL of injects, controllers' verdicts, and the exercise's own picture. */
import { idParamsSchema, okSchema } from '../../../shared/contracts/common';
import {
  controlPanelSchema,
  controlRequestSchema,
  exercisePictureSchema,
  expectationParamsSchema,
  injectParamsSchema,
  injectRequestSchema,
  verdictRequestSchema,
} from '../../../shared/contracts/exercise-control';
import {
  addInject,
  controlExercise,
  controlPanel,
  deleteInject,
  exercisePicture,
  judgeExpectation,
  updateInject,
} from '../../domain/training/exercise-control';
import { presentExercisePicture } from '../presenters/training-presenter';
import { defineRoute } from '../route';

const tag = 'training';

export const exerciseControlRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id/control',
    summary:
      'The exercise’s control panel: how its run stands for every reader; for its controllers also the MSEL, what each inject made or why it failed, and the scores (404 when the exercise is missing or not releasable)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: controlPanelSchema,
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params }) => controlPanel(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/:id/control',
    summary: 'Start an approved exercise, pause, resume or end it (the lead nation’s controllers); ending cancels what has not fired',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: controlRequestSchema,
    response: controlPanelSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await controlExercise(ctx, actor, params.id, body.action);
      return controlPanel(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/:id/injects',
    summary: 'Add an inject to the MSEL: minutes after STARTEX (before ENDEX), what it makes, what it expects (controllers)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: injectRequestSchema,
    response: controlPanelSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body }) => {
      await addInject(ctx, actor, params.id, body);
      return controlPanel(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/exercises/:id/injects/:injectId',
    summary: 'Replace an inject still to fire (If-Match may name its version)',
    tag,
    auth: 'user',
    params: injectParamsSchema,
    body: injectRequestSchema,
    response: controlPanelSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch }) => {
      await updateInject(ctx, actor, params.id, params.injectId, body, ifMatch);
      return controlPanel(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/exercises/:id/injects/:injectId',
    summary: 'Take an inject still to fire out of the MSEL',
    tag,
    auth: 'user',
    params: injectParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await deleteInject(ctx, actor, params.id, params.injectId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/:id/injects/:injectId/expectations/:expectationId/verdict',
    summary:
      'A controller’s verdict on an expectation of a fired inject: met or missed, with a note (it stands over what the records show)',
    tag,
    auth: 'user',
    params: expectationParamsSchema,
    body: verdictRequestSchema,
    response: controlPanelSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await judgeExpectation(ctx, actor, params.id, params.injectId, params.expectationId, body);
      return controlPanel(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id/picture',
    summary:
      'The exercise’s own picture: the alerts and crisis rooms its injects made that the caller may read (none of them counts in the live picture)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: exercisePictureSchema,
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params }) => presentExercisePicture(await exercisePicture(ctx, actor, params.id)),
  }),
];
