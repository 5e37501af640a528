import type { Registry } from '../registry.ts'
import { learningMigration } from './learning.migration.ts'
import { progressOf } from './learning.privacy.ts'
import learningRoutes from './learning.routes.ts'
import { lessonIdsMigration } from './lesson-ids.migration.ts'
import {
  courseCompletedFact,
  lessonCompletedFact,
  lessonOpenedFact,
  quizAttemptFact,
} from './progress.facts.ts'

/**
 * Courses, lessons, quizzes and progress. Its `hocso content` command is registered by the studio,
 * which adds an `export` subcommand to it (studio.module.ts).
 */
export function register(r: Registry): void {
  r.migration('0005-learning', learningMigration)
  r.migration('0013-lesson-ids', lessonIdsMigration)
  r.routes(learningRoutes)
  r.factKind(lessonOpenedFact)
  r.factKind(lessonCompletedFact)
  r.factKind(quizAttemptFact)
  r.factKind(courseCompletedFact)
  r.personalData({ key: 'learning', export: (db, p) => progressOf(db, p.id) })
}
