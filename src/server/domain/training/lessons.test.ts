import { describe, expect, it } from 'vitest';
import { NEXT_STAGE, stageIssues } from './lessons';

const written = { stage: 'observation' as const, conclusion: 'Liaison was slow.', recommendation: 'Name a duty officer per desk.' };
const none = { total: 0, open: [] };

describe('the lessons-learned stages', () => {
  it('move forward one stage at a time and end at a lesson learned', () => {
    expect(NEXT_STAGE.observation).toBe('lesson-identified');
    expect(NEXT_STAGE['lesson-identified']).toBe('lesson-learned');
    expect(NEXT_STAGE['lesson-learned']).toBeNull();
    expect(stageIssues(written, 'lesson-learned', { total: 1, open: [] })).toEqual([
      { path: 'stage', message: 'It is an observation: it moves only to lesson-identified.' },
    ]);
    expect(stageIssues(written, 'observation', none)[0]?.path).toBe('stage');
    expect(stageIssues({ ...written, stage: 'lesson-learned' }, 'lesson-identified', none)).toEqual([
      { path: 'stage', message: 'It is a lesson learned: it has no further stage.' },
    ]);
  });

  it('identify a lesson only with a conclusion and a recommendation, each named when missing', () => {
    expect(stageIssues(written, 'lesson-identified', none)).toEqual([]);
    expect(stageIssues({ ...written, conclusion: ' ', recommendation: '' }, 'lesson-identified', none).map((i) => i.path)).toEqual([
      'conclusion',
      'recommendation',
    ]);
  });

  it('validate a lesson only when it has actions and none is open, naming the open ones', () => {
    const identified = { ...written, stage: 'lesson-identified' as const };
    expect(stageIssues(identified, 'lesson-learned', none)[0]?.message).toMatch(/at least one action/);
    expect(stageIssues(identified, 'lesson-learned', { total: 2, open: ['Train desks monthly'] })[0]?.message).toBe(
      'One action is neither done nor dropped: “Train desks monthly”.',
    );
    const many = stageIssues(identified, 'lesson-learned', { total: 5, open: ['a', 'b', 'c', 'd', 'e'] })[0]?.message;
    expect(many).toBe('5 actions are neither done nor dropped: “a”, “b”, “c” and 2 more.');
    expect(stageIssues(identified, 'lesson-learned', { total: 2, open: [] })).toEqual([]);
  });
});
