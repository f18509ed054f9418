import { Injectable } from '@nestjs/common';
import { Answerer, type AnswerRequest, type AnswerResult } from '../answerer';

/** Stands in until the assistant (issue #6) is bound: acknowledges and promises a human answer. */
@Injectable()
export class PlaceholderAnswerer extends Answerer {
  async answer(_request: AnswerRequest): Promise<AnswerResult> {
    return {
      text: '¡Gracias por escribirnos! En breve te atiende una persona de nuestro equipo.',
      engine: 'placeholder',
      handoff: false,
      usage: null,
      groundingViolations: 0,
    };
  }
}
