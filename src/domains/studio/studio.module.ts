import { registerTranslationProgress, registerVoices } from '../learning/studio.bridge.ts'
import type { Registry } from '../registry.ts'
import { contentWithExport } from './studio.cli.ts'
import { studioMigration } from './studio.migration.ts'
import { eraseDraftRecordingsOf, recordingsOf } from './studio.privacy.ts'
import studioRoutes from './studio.routes.tsx'
import { progress, translationDraftFact } from './studio.service.ts'
import { interfaceCommand } from './ui.cli.ts'
import { uiStringsMigration } from './ui.migration.ts'
import uiRoutes, { keepInterfaceStrings } from './ui.routes.tsx'
import { voiceBlobKey, voiceBlobsMigration, voiceMigration } from './voice.migration.ts'
import { voiceProvider } from './voice.service.ts'
import { clipsForExport, eraseUnapprovedOf } from './voice.store.ts'

/** The translation studio: lessons translated and recorded by native speakers. */
export function register(r: Registry): void {
  r.migration('0012-studio', studioMigration)
  r.migration('0019-studio-voice', voiceMigration)
  r.migration('0190-studio-voice-blobs', voiceBlobsMigration)
  r.migration('0194-studio-interface-strings', uiStringsMigration)
  // Lessons offer "listen" from the community recordings (decision 0190).
  registerVoices(voiceProvider)
  // The translation status page shows how far each language is, counted by the studio.
  registerTranslationProgress(progress)
  // The interface pages first: `/studio/interface/<lang>/export.po` would otherwise look like a lesson.
  r.routes(uiRoutes, studioRoutes)
  // Tai Dam and Hmong interface strings approved in the studio, over the Vietnamese (decision 0194):
  // kept current in every process before the page is drawn.
  r.middleware(keepInterfaceStrings)
  r.factKind(translationDraftFact)
  r.personalData({
    key: 'studio_recordings',
    export: (db, p) => recordingsOf(db, p.id),
    erase: {
      key: 'recordings',
      run: async (tx, p) => {
        const files = await eraseDraftRecordingsOf(tx, p.id)
        return { count: files.length, files }
      },
    },
  })
  r.personalData({
    key: 'voice_recordings',
    export: (db, p) => clipsForExport(db, p.id),
    erase: {
      key: 'voice_recordings',
      run: async (tx, p) => {
        const gone = await eraseUnapprovedOf(tx.db, p.id)
        await tx.blobs.delete(gone.map(voiceBlobKey))
        return { count: gone.length }
      },
    },
  })
  // learning's `content` command (check, import) with the studio's `export` added.
  r.command(contentWithExport)
  r.command(interfaceCommand)
}
