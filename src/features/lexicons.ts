/**
 * The phrase lists behind intent scores, topics and language detection.
 *
 * Written for this project from how harvesting prompts are commonly phrased
 * (public judge templates, benchmark prompt formats, chain-of-thought prompting
 * papers), in en, zh, ru, es, ja, ko, de and fr. Phrases are matched on
 * normalised text by lexicon.ts: case, width, accents, zero-width characters
 * and homoglyphs do not matter; words match on their first 6 letters;
 * languages without spaces match as contiguous text. Weights are noisy-or
 * contributions in 0..1 of one phrase to its slot.
 */
import type { PhraseSpec } from './lexicon.js';

// ---------------------------------------------------------------------------
// Intent slots: some feed a score directly, some are halves of a conjunction
// ("rewrite" AND "safe") combined in intent.ts.
export const I_COT = 0;
export const I_RECON = 1;
export const I_RECON_ANSWER = 2;
export const I_RECON_EXPLAIN = 3;
export const I_JUDGE = 4;
export const I_JUDGE_OBJ = 5;
export const I_JUDGE_VERB = 6;
export const I_SAFE = 7;
export const I_REWRITE_VERB = 8;
export const I_SAFETY_OBJ = 9;
export const I_AGENT = 10;
export const I_BENCH = 11;
export const I_BENCH_MATH = 12;
export const I_BENCH_CODE = 13;
export const I_INTERNALS = 14;
export const I_INTERNALS_VERB = 15;
export const I_INTERNALS_OBJ = 16;
export const I_BENCH_FORMAT = 17;
export const I_DATAGEN = 18;
export const I_DATAGEN_VERB = 19;
export const I_DATAGEN_OBJ = 20;
export const INTENT_SLOTS = 21;

function list(slot: number, weight: number, phrases: string[]): PhraseSpec[] {
  return phrases.map((phrase) => ({ phrase, slot, weight }));
}

export const INTENT_PHRASES: PhraseSpec[] = [
  // chain-of-thought elicitation
  ...list(I_COT, 0.75, [
    'step by step', 'step-by-step', 'think step', 'show your work', 'show all your work', 'show your reasoning',
    'explain your reasoning', 'reason through', "let's think", 'lets think', 'let us think', 'chain of thought',
    'chain-of-thought', 'walk me through', 'walk through your', 'thought process', 'reasoning process',
    'show all steps', 'show the steps', 'show each step', 'explain each step', 'reasoning steps', 'think carefully',
    'think aloud', 'think out loud', 'reason carefully', 'detailed reasoning', 'full reasoning', 'show your thinking',
    'lay out your reasoning', 'intermediate steps', 'explain the steps', 'reason step', 'please reason',
    'think before you answer', 'think before answering', 'reasoning trace',
    '一步一步', '逐步', '分步', '推理过程', '思考过程', '解题过程', '详细步骤', '写出步骤', '思维链', '详细推理', '逐步推理', '一步步',
    'шаг за шагом', 'пошагово', 'пошаговое', 'ход решения', 'ход рассуждений', 'цепочку рассуждений', 'покажи рассуждения',
    'подробно объясни', 'рассуждай',
    'paso a paso', 'muestra tu razonamiento', 'explica tu razonamiento', 'cadena de pensamiento', 'razona paso',
    'muestra tu trabajo', 'muestra los pasos',
    'ステップバイステップ', '段階的に', '順を追って', '思考過程', '推論過程', '一歩ずつ', '段階を追って',
    '단계별로', '차근차근', '단계적으로', '추론 과정', '사고 과정', '풀이 과정',
    'schritt für schritt', 'schrittweise', 'lösungsweg', 'gedankengang', 'denke nach', 'zeige deine überlegungen',
    'étape par étape', 'pas à pas', 'montre ton raisonnement', 'explique ton raisonnement', 'montrez votre raisonnement',
    'expliquez votre raisonnement', 'chaîne de pensée',
  ]),
  // the same request in other common wordings: asking for the working, the derivation or
  // every step to be justified rather than for "steps" or "reasoning" by name
  ...list(I_COT, 0.6, [
    'justify each step', 'justify every step', 'justify your steps', 'skip any steps', 'skip any step', 'skipping steps',
    'worked solution', 'fully worked', 'show the derivation', 'show your derivation', 'full derivation',
    'intermediate work', 'intermediate reasoning', 'intermediate calculations', 'chain of reasoning', 'line of reasoning',
    'reasoning explicit', 'explain the solution', 'explain your solution', 'explain how you got', 'how you arrived at',
    'showing your work', 'showing all your work', 'before giving the final answer', 'before the final answer',
    'then give the final answer', 'then state the final answer',
  ]),
  // reconstruction of reasoning from a given answer
  ...list(I_RECON, 0.8, [
    'reconstruct the reasoning', 'reconstruct your reasoning', 'work backwards from the answer', 'work backward from the answer',
    'reasoning that leads to', 'reasoning that led to', 'explain how to arrive at', 'explain how to get to the answer',
    'derive the answer', 'rationale for the answer', 'write a rationale', 'generate a rationale', 'provide a rationale',
    'justify the answer', 'justify this answer', 'explain why the answer is', 'explain why this answer is',
    'why the correct answer is', 'how this answer was obtained', 'given the answer', 'given the final answer',
    '已知答案', '根据答案', '反推', '给出推理过程', '解释为什么答案是', '推导出答案',
    'восстанови рассуждение', 'обоснуй ответ', 'объясни почему ответ', 'зная ответ',
    'dada la respuesta', 'justifica la respuesta', 'explica por qué la respuesta', 'reconstruye el razonamiento',
    '答えが', '正解が', '答えを導く', '理由を説明',
    '정답이', '답이 주어', '풀이를 작성', '이유를 설명',
    'begründe die antwort', 'erkläre warum die antwort', 'gegebene antwort',
    'justifie la réponse', 'explique pourquoi la réponse', 'étant donné la réponse',
  ]),
  ...list(I_RECON_ANSWER, 0.6, [
    'the answer is', 'answer is', 'correct answer', 'final answer', 'the solution is', 'ground truth',
    'reference answer', 'expected answer', 'the result is',
    '答案是', '正确答案', '参考答案', '答案为',
    'правильный ответ', 'ответ равен',
    'la respuesta es', 'respuesta correcta',
    '答えは', '正解は',
    '정답은', '답은',
    'die antwort ist', 'richtige antwort',
    'la réponse est', 'bonne réponse',
  ]),
  ...list(I_RECON_EXPLAIN, 0.6, [
    'explain why', 'explain how', 'justify', 'rationale', 'derive', 'derivation', 'show how', 'reasoning behind',
    'explanation for', 'how to get', 'how you get', 'how one gets',
    '解释为什么', '解释', '推导', '理由', '说明原因',
    'объясни', 'объясните', 'обоснуй', 'обоснование', 'почему',
    'explica por qué', 'explica cómo', 'justifica', 'justificación',
    '説明して', '理由', 'なぜ',
    '설명해', '이유', '왜',
    'erkläre', 'erklären', 'begründe', 'begründung',
    'explique', 'expliquez', 'justifie', 'justifiez', 'pourquoi',
  ]),
  // judge / rubric grading
  ...list(I_JUDGE, 0.85, [
    'impartial judge', 'act as a judge', 'act as an impartial', 'evaluate the quality of the response|responses',
    'which response is better', 'which answer is better', 'which output is better', 'which assistant', 'final verdict',
    'the start of assistant', "assistant a's answer", "assistant b's answer", 'output (a)', 'output (b)',
    'preferred output', 'better response', 'rate the response|responses', 'rate the answer|answers', 'grade the response|answer',
    'score the response|answer', 'on a scale of 1 to 10', 'on a scale from 1 to 10', 'on a scale of 1-10', 'scale of 1 to 5',
    'evaluation criteria', 'scoring rubric', 'grading rubric', 'rubric', 'as a grader',
    'you are a grader', 'compare the two responses', 'compare two responses', 'pairwise comparison', 'model outputs',
    'ai assistant to the user question', 'responses provided by two',
    '公正的裁判', '评判', '评估回答', '哪个回答更好', '打分', '评分标准', '评分', '请评价', '裁判',
    'беспристрастный судья', 'оцени ответ', 'оцените ответ', 'какой ответ лучше', 'по шкале от 1 до 10', 'критерии оценки',
    'juez imparcial', 'evalúa la respuesta', 'evalúa la calidad', 'qué respuesta es mejor', 'en una escala del 1 al 10', 'rúbrica',
    '公平な審査', '回答を評価', 'どちらの回答', '採点', '評価基準',
    '공정한 심판', '응답을 평가', '어느 응답', '채점', '평가 기준', '점수를 매',
    'unparteiischer richter', 'bewerte die antwort', 'bewerten sie die antwort', 'welche antwort ist besser', 'bewertungskriterien',
    'juge impartial', 'évalue la réponse', 'évaluez la réponse', 'quelle réponse est meilleure', 'critères d évaluation', 'grille d évaluation',
  ]),
  ...list(I_JUDGE_OBJ, 0.55, [
    'response a', 'response b', 'answer a', 'answer b', 'assistant a', 'assistant b', 'output a', 'output b', 'model a', 'model b',
    'the response', 'the responses', 'the two responses', 'the completion', 'candidate answer', 'generated answer',
    '回答a', '回答b', '助手a', '助手b', 'ответ a', 'ответ b', 'respuesta a', 'respuesta b', 'antwort a', 'antwort b',
    'réponse a', 'réponse b', '回答', '응답',
  ]),
  ...list(I_JUDGE_VERB, 0.5, [
    'evaluate', 'rate', 'score', 'grade', 'judge', 'verdict', 'assess', 'compare', 'rank',
    '评估', '评价', '比较', 'оцени', 'оцените', 'сравни', 'evalúa', 'califica', 'compara', '評価', '比較', '평가', '비교',
    'bewerte', 'vergleiche', 'évalue', 'évaluez', 'compare',
  ]),
  // safety rewrites
  ...list(I_SAFE, 0.8, [
    'safe version', 'harmless version', 'write a refusal', 'refusal response', 'refusal message', 'rewrite it to be safe',
    'make it safe', 'make this prompt safe', 'safe completion', 'safe alternative response', 'rewrite the harmful',
    'rewrite this harmful', 'sanitize the prompt', 'sanitized version', 'policy-compliant', 'policy compliant',
    'comply with the content policy', 'without violating', 'jailbreak prompt', 'red team prompt', 'red-team prompt',
    '安全版本', '改写成安全', '无害的版本', '拒绝回答的回复', '合规的版本',
    'безопасную версию', 'безопасный вариант', 'перепиши безопасно', 'вежливый отказ',
    'versión segura', 'reescribe de forma segura', 'respuesta de rechazo',
    '安全なバージョン', '安全な形に書き換え', '拒否の応答',
    '안전한 버전', '안전하게 다시', '거절 응답',
    'sichere version', 'sicher umschreiben', 'ablehnende antwort',
    'version sûre', 'version sécurisée', 'réponse de refus',
  ]),
  ...list(I_REWRITE_VERB, 0.7, [
    'rewrite', 'rephrase', 'paraphrase', 'reformulate', 'reword', 'transform', 'convert this', 'turn this', 'revise', 'sanitize',
    '改写', '重写', '改写成', '改成', '转述', 'перепиши', 'переформулируй', 'перефразируй', 'reescribe', 'reformula', 'parafrasea',
    '書き換え', '言い換え', '다시 작성', '바꿔', '재작성', 'umschreiben', 'schreibe um', 'so um dass', 'schreibe diese', 'formuliere', 'réécris', 'réécrivez',
    'reformule', 'reformulez',
  ]),
  ...list(I_SAFETY_OBJ, 0.6, [
    'safe', 'safer', 'safely', 'harmless', 'harmful', 'unsafe', 'toxic', 'non-toxic', 'content policy', 'usage policy',
    'safety guidelines', 'refusal', 'refuse', 'jailbreak', 'offensive', 'inappropriate', 'policy violation', 'moderation',
    '安全', '无害', '有害', '合规', '拒绝', '敏感', 'безопасн*', 'безвредн*', 'вредн*', 'отказ', 'segura', 'seguro', 'dañino',
    'inofensiv*', 'rechazo', '有害な', '拒否', '안전', '유해', '거절', 'sicher', 'schädlich', 'harmlos', 'sûr', 'sécurisé|sécurisée',
    'nuisible', 'inoffensi*', 'refus',
  ]),
  // agentic tool use, as phrased in the request
  ...list(I_AGENT, 0.55, [
    'function call', 'function calling', 'call the function', 'available functions', 'available tools', 'use the tool|tools',
    'tool call|calls', 'tool_call', 'api call', 'invoke the', 'json schema', 'action input', 'you have access to the following tools|functions|apis', 'respond with a json',
    '调用函数', '可用工具', '调用工具', 'вызови функцию', 'доступные инструменты', 'llama a la función', 'herramientas disponibles',
    '関数を呼び出', 'ツールを使', '함수를 호출', '도구를 사용', 'rufe die funktion', 'verfügbare werkzeuge', 'appelle la fonction',
    'outils disponibles',
  ]),
  // benchmark-style items
  ...list(I_BENCH, 0.55, [
    'which of the following', 'the following is|are', 'options:', 'answer choices', 'choose the correct', 'select the correct',
    'true or false', 'is the following sentence plausible', 'multiple choice', 'multiple-choice',
    'evaluate the result of a random boolean expression', 'answer the following question|questions',
    '以下哪', '下列', '选择题', '选项', '正确的是', '单项选择', 'какой из следующих', 'выберите правильный', 'варианты ответа',
    'cuál de las siguientes', 'opciones:', 'elige la respuesta', '次のうち', '選択肢', '正しいものを', '다음 중', '보기',
    'welche der folgenden', 'antwortmöglichkeiten', 'lequel des suivants', 'laquelle des', 'choisissez la bonne',
  ]),
  ...list(I_BENCH_MATH, 0.35, [
    'how many', 'how much', 'what is the value', 'find the value', 'compute', 'calculate', 'evaluate', 'simplify', 'solve',
    'determine', 'prove that', 'find all', 'find the', 'positive integer|integers', 'real number|numbers', 'remainder',
    'probability', 'sum of', 'product of', 'smallest', 'largest', 'greatest', 'least', 'divisible', 'polynomial', 'equation',
    'triangle', 'circle', 'perimeter', 'area of', 'percent', 'ratio', 'integer', 'digits', 'expression', 'function f',
    'if she', 'if he', 'each', 'total', 'altogether', 'per hour', 'per day',
    '已知', '的值', '计算', '多少', '解方程', '证明', '概率', '整数', '函数',
    'сколько', 'найдите', 'вычислите', 'решите', 'докажите', 'cuántos', 'cuánto', 'calcula', 'resuelve', 'encuentra',
    'いくつ', '求めよ', '計算', '구하시오', '계산', 'wie viele', 'berechne', 'bestimme', 'combien', 'calculez', 'trouvez',
  ]),
  ...list(I_BENCH_CODE, 0.45, [
    'write a function', 'write a python function', 'write a program', 'implement a function', 'complete the function',
    'complete the following', 'class solution', 'public static',     'def', 'assert', 'class solution', 'given an array', 'given a string', 'given a list',
    'given an integer', 'test cases', 'func main', 'int main',
    'console.log', 'println', 'printf',     '给你一个', '给定一个', '返回', '示例 1', '示例', '提示:', '编写一个函数', '实现一个函数', 'напишите функцию', 'напиши функцию',
    'escribe una función', '関数を書', '함수를 작성', 'schreibe eine funktion', 'écrivez une fonction',
  ]),
  ...list(I_BENCH_CODE, 0.2, ['constraints', 'example 1', 'example 2', 'sample input', 'sample output', 'input format', 'output format']),
  ...list(I_BENCH_FORMAT, 0.6, [
    'boxed', 'put your final answer', 'final answer', 'answer with the letter', 'answer with only', 'respond with only the letter',
    'the answer is (', 'answer: let', 'output only the answer', 'only output the',
    '最终答案', '答案写在', '只输出', 'окончательный ответ', 'только букву', 'respuesta final', 'solo la letra', '最終的な答え',
    '최종 답', 'endgültige antwort', 'réponse finale',
  ]),
  // hidden reasoning, system prompt, internals
  ...list(I_INTERNALS, 0.85, [
    'your system prompt', 'the system prompt', 'system prompt above', 'initial instructions', 'hidden instructions', 'developer message',
    'hidden reasoning', 'internal reasoning', 'hidden thoughts', 'raw thoughts', 'raw thinking', 'thinking tokens',
    'reasoning tokens', 'your scratchpad', 'scratchpad', 'ignore previous instructions', 'ignore all previous instructions',
    'ignore the above', 'repeat the text above', 'repeat everything above', 'print your prompt', 'your hidden chain',
    'your internal chain', 'what were you told', 'your system instructions', 'model weights', 'your configuration',
    'your training data', 'verbatim instructions',
    '系统提示', '系统提示词', '内部推理', '隐藏的思考', '你的指令', '忽略之前的指令', '忽略以上', '原始思考', '思考内容',
    'системный промпт', 'системное сообщение', 'системные инструкции', 'твои инструкции', 'скрытые рассуждения',
    'внутренние рассуждения', 'игнорируй предыдущие',
    'prompt del sistema', 'mensaje del sistema', 'instrucciones del sistema', 'razonamiento interno', 'ignora las instrucciones',
    'システムプロンプト', 'システムメッセージ', '内部の推論', '隠された思考', '指示を無視',
    '시스템 프롬프트', '시스템 메시지', '내부 추론', '숨겨진 생각', '지시를 무시',
    'deinen systemprompt', 'dein systemprompt', 'interne gedanken', 'internes denken', 'ignoriere alle vorherigen',
    'prompt système', 'message système', 'instructions système', 'raisonnement interne', 'pensées cachées', 'ignore les instructions',
  ]),
  // Synthetic training data: the model is asked to write the dataset itself. Wording of
  // the published data-generation pipelines and their common rephrasings: Self-Instruct's
  // task brainstorming (Wang et al. 2023), Evol-Instruct's prompt rewriting into harder
  // versions (Xu et al. 2023), UltraChat-style user/assistant dialogues (Ding et al. 2023),
  // question-answer and instruction-response pairs, preference pairs (chosen / rejected)
  // for reward models and DPO, JSONL output for a fine-tuning set.
  // alone, these are talk about machine learning as often as a request for data: they
  // count in a request that also asks to generate examples or pairs (extract.ts)
  ...list(I_DATAGEN, 0.4, ['training data', 'training dataset', 'training examples', 'training samples', 'training set', 'to fine-tune', 'for fine-tuning']),
  ...list(I_DATAGEN, 0.8, [
    'fine-tuning data', 'fine-tuning dataset', 'finetuning data', 'synthetic data', 'synthetic dataset',
    'synthetic examples', 'synthetic conversations', 'instruction-response pairs', 'instruction response pairs',
    'instruction and response pairs', 'instruction-output pairs', 'question-answer pairs', 'question answer pairs',
    'question and answer pairs', 'q&a pairs', 'qa pairs', 'prompt-response pairs', 'prompt and response pairs',
    'input-output pairs', 'chosen and rejected', 'chosen response', 'rejected response', 'preferred response and',
    'preference pairs', 'preference data', 'more complex version', 'harder version', 'more difficult version',
    'rewrite the given prompt', 'rewritten prompt', 'prompt rewriter', 'come up with a series of', 'diverse task instructions',
    'diverse instructions', 'seed tasks', 'conversation between a user and', 'dialogue between a user and',
    'conversation between a human and', 'dialogue between a human and', 'between a user and an ai', 'between a human and an ai',
    'one json object per line', 'jsonl format', 'in jsonl', 'as jsonl', 'each followed by an ideal', 'ideal response',
    'gold answer for each', 'with full solutions', 'with detailed solutions', 'with step-by-step solutions', 'with worked solutions',
    'similar new problems', 'similar problems with', 'new problems with', 'new questions with answers',
    '训练数据', '训练集', '微调数据', '合成数据', '问答对', '指令数据', '生成数据集', '对话数据',
    'обучающие данные', 'обучающую выборку', 'датасет для обучения', 'синтетические данные', 'пары вопрос-ответ', 'пары вопрос ответ',
    'datos de entrenamiento', 'datos sintéticos', 'pares de pregunta y respuesta', 'pares de preguntas y respuestas',
    '学習データ', '訓練データ', '合成データ', '質問と回答のペア', '학습 데이터', '훈련 데이터', '합성 데이터', '질문과 답변 쌍',
    'trainingsdaten', 'synthetische daten', 'frage-antwort-paare', "données d'entraînement", 'données synthétiques',
    'paires question-réponse',
  ]),
  ...list(I_DATAGEN_VERB, 0.5, ['generate', 'create', 'produce', 'come up with', 'write down', 'make up', 'invent', 'synthesize', 'synthesise', '生成', 'сгенерируй', 'genera', '生成して', '생성']),
  // what is generated, when it is data: generic words (examples, tasks, JSON) are left out,
  // long role prompts use them all
  ...list(I_DATAGEN_OBJ, 0.45, [
    'samples', 'pairs', 'variations', 'variants', 'dialogues', 'conversations', 'problems and solutions',
    'questions and answers', 'questions with answers', 'question answer', '样本', '对话', 'диалоги', 'diálogos', 'dialoge', 'dialogues',
  ]),
  ...list(I_INTERNALS_VERB, 0.5, [
    'reveal', 'disclose', 'leak', 'dump', 'print out your', 'repeat your', 'output your', 'show me your', 'tell me your', 'verbatim',
    '泄露', '透露', '显示你的', '输出你的', '重复', 'раскрой', 'покажи свои', 'выведи', 'повтори', 'revela', 'muestra tus',
    'repite', '教えて', '表示して', '공개', '보여줘', 'verrate', 'zeige mir deine', 'wiederhole', 'révèle', 'montre-moi tes',
    'répète',
  ]),
  ...list(I_INTERNALS_OBJ, 0.5, [
    'your reasoning', 'your thoughts', 'your thinking', 'your prompt', 'your rules', 'your guidelines', 'hidden reasoning', 'internal reasoning', 'internal thoughts',
    'chain of thought', '思考过程', '内部', '隐藏', 'скрыт*', 'внутренн*', 'oculto', 'interno', '内部', '隠', '내부', '숨겨진',
    'versteckt', 'intern', 'caché', 'interne',
  ]),
];

// ---------------------------------------------------------------------------
// Topics: coarse capability buckets (index = topic id, < TOPIC_BUCKETS).

export const TOPIC_NAMES = [
  'chat', 'math.arithmetic', 'math.algebra', 'math.geometry', 'math.discrete', 'math.calculus',
  'code.python', 'code.web', 'code.systems', 'code.data', 'code.devops', 'code.algorithms',
  'science.physics', 'science.chemistry', 'science.biology', 'medicine.health', 'history.politics', 'law',
  'economics.business', 'philosophy.psychology', 'geography.travel', 'entertainment.sports', 'writing.creative',
  'writing.professional', 'translation', 'reasoning.puzzles', 'judging', 'tools.agents', 'roleplay', 'food.lifestyle',
  'education.language', 'tech.general', 'factual.qa',
] as const;
export type TopicName = (typeof TOPIC_NAMES)[number];
export const TOPIC_SLOT_BASE = 0;

function topic(name: TopicName, weight: number, phrases: string[]): PhraseSpec[] {
  const slot = TOPIC_NAMES.indexOf(name);
  return phrases.map((phrase) => ({ phrase, slot, weight }));
}

export const TOPIC_PHRASES: PhraseSpec[] = [
  ...topic('math.arithmetic', 0.5, ['how many', 'how much', 'total', 'altogether', 'each', 'per hour', 'percent', 'cost|costs', 'dollars', 'apples', 'sold', 'bought', 'remaining', 'left over', 'average', 'сколько', '多少', '一共', 'cuántos', 'combien', 'wie viele', 'いくつ', ]),
  ...topic('math.algebra', 0.55, ['equation|equations', 'solve for', 'polynomial', 'quadratic', 'linear', 'variable', 'inequality', 'roots', 'factor', 'simplify', 'expression', 'matrix', 'matrices', 'vector space', 'eigenvalue', 'group', 'ring', 'field', '方程', '多项式', '不等式', 'уравнение', 'ecuación', 'gleichung', 'équation', '方程式', '방정식']),
  ...topic('math.geometry', 0.6, ['triangle', 'circle', 'radius', 'angle', 'polygon', 'perimeter', 'area', 'volume', 'square', 'rectangle', 'parallel', 'perpendicular', 'coordinate', 'diameter', 'hypotenuse', '三角形', '面积', 'треугольник', 'triángulo', 'dreieck', 'triangle', '三角形', '삼각형']),
  ...topic('math.discrete', 0.55, ['probability', 'prime', 'divisible', 'remainder', 'integer|integers', 'combinations', 'permutations', 'digits', 'modulo', 'gcd', 'sequence', 'graph', 'how many ways', '概率', '整数', '质数', 'вероятность', 'probabilidad', 'wahrscheinlichkeit', 'probabilité', '確率', '확률']),
  ...topic('math.calculus', 0.6, ['derivative', 'integral', 'limit', 'differential', 'series', 'converge', 'function f', 'maximum value', 'minimum value', 'tangent', '导数', '积分', '极限', 'производная', 'интеграл', 'derivada', 'integral', 'ableitung', 'dérivée', '微分', '적분']),
  ...topic('code.python', 0.6, ['python', 'def', 'pandas', 'numpy', 'django', 'flask', 'pip', 'list comprehension', 'dictionary', 'self']),
  ...topic('code.web', 0.6, ['javascript', 'typescript', 'html', 'css', 'react', 'node', 'nodejs', 'vue', 'angular', 'dom', 'jquery', 'php', 'website', 'web page', 'frontend', 'api endpoint', 'json']),
  ...topic('code.systems', 0.6, ['cpp', 'rust', 'golang', 'java', 'kotlin', 'swift', 'pointer', 'memory', 'compiler', 'include', 'std', 'vector', 'struct', 'int main', 'printf', 'public static', 'thread']),
  ...topic('code.data', 0.6, ['sql', 'database', 'query', 'table', 'dataframe', 'csv', 'mysql', 'postgres', 'excel', 'spreadsheet', 'regression', 'dataset', 'machine learning', 'neural network', 'model training', 'pytorch', 'tensorflow']),
  ...topic('code.devops', 0.6, ['bash', 'shell', 'linux', 'docker', 'kubernetes', 'git', 'terminal', 'command line', 'server', 'nginx', 'aws', 'deploy', 'ci/cd', 'powershell', 'ssh']),
  ...topic('code.algorithms', 0.6, ['algorithm', 'array', 'string', 'binary tree', 'linked list', 'sort', 'sorted', 'recursion', 'dynamic programming', 'complexity', 'return', 'given an array', 'function', 'write a function', 'implement', 'code', 'program', 'constraints', 'leetcode', '数组', '字符串', '算法', '函数', 'функция', 'массив', 'función', 'funktion', 'fonction', '関数', '함수']),
  ...topic('science.physics', 0.6, ['physics', 'velocity', 'acceleration', 'force', 'energy', 'mass', 'momentum', 'quantum', 'electric', 'magnetic', 'gravity', 'wave', 'particle', 'newton', 'voltage', 'pressure', '物理', 'физика', 'física', 'physik', 'physique', '物理学', '물리']),
  ...topic('science.chemistry', 0.6, ['chemistry', 'chemical', 'molecule', 'atom', 'reaction', 'acid', 'compound', 'element', 'ph', 'solution', 'bond', 'electron', '化学', 'химия', 'química', 'chemie', 'chimie', '화학']),
  ...topic('science.biology', 0.6, ['biology', 'cell', 'dna', 'gene', 'genetic', 'protein', 'evolution', 'species', 'organism', 'plant', 'animal', 'bacteria', '生物', 'биология', 'biología', 'biologie', '생물']),
  ...topic('medicine.health', 0.6, ['health', 'doctor', 'disease', 'symptom|symptoms', 'medical', 'medicine', 'patient', 'treatment', 'pain', 'diet', 'exercise', 'mental health', 'anxiety', 'depression', 'vaccine', '健康', '医生', 'здоровье', 'врач', 'salud', 'médico', 'gesundheit', 'santé', '健康', '건강']),
  ...topic('history.politics', 0.6, ['history', 'war', 'president', 'king', 'empire', 'revolution', 'century', 'government', 'election', 'political', 'politics', 'democracy', 'ancient', '历史', 'история', 'historia', 'geschichte', 'histoire', '歴史', '역사']),
  ...topic('law', 0.6, ['law', 'legal', 'court', 'contract', 'lawyer', 'rights', 'statute', 'constitution', 'lawsuit', 'attorney', '法律', 'закон', 'ley', 'gesetz', 'loi', '法律', '법률']),
  ...topic('economics.business', 0.6, ['business', 'marketing', 'company', 'market', 'economy', 'economics', 'finance', 'investment', 'stock', 'price', 'revenue', 'startup', 'sales', 'customer', 'strategy', 'money', 'tax', '经济', '公司', 'бизнес', 'экономика', 'negocio', 'empresa', 'wirtschaft', 'entreprise', '비즈니스']),
  ...topic('philosophy.psychology', 0.55, ['philosophy', 'ethics', 'moral', 'meaning of life', 'consciousness', 'religion', 'god', 'psychology', 'emotion', 'feel', 'feelings', 'relationship', 'friend', '哲学', 'философия', 'filosofía', 'philosophie', '철학']),
  ...topic('geography.travel', 0.55, ['country', 'city', 'capital', 'travel', 'trip', 'visit', 'river', 'mountain', 'continent', 'population', 'located', 'where is', 'island', 'ocean', '旅行', '国家', 'страна', 'город', 'país', 'ciudad', 'land', 'stadt', 'pays', 'ville', '여행']),
  ...topic('entertainment.sports', 0.55, ['movie', 'film', 'song', 'album', 'singer', 'actor', 'actress', 'tv show', 'season', 'episode', 'game', 'team', 'player', 'football', 'soccer', 'basketball', 'baseball', 'nba', 'nfl', 'world cup', 'olympics', 'star wars', 'band', 'music', '电影', 'фильм', 'película', 'spiel', 'film', '映画', '영화']),
  ...topic('writing.creative', 0.65, ['story', 'poem', 'poetry', 'haiku', 'lyrics', 'novel', 'fiction', 'character', 'plot', 'creative', 'fantasy', 'once upon', '故事', 'рассказ', 'стих', 'историю', 'cuento', 'poema', 'geschichte', 'gedicht', 'histoire', 'poème', '物語', '이야기']),
  ...topic('writing.professional', 0.6, ['email', 'letter', 'essay', 'resume', 'cover letter', 'summary', 'summarize', 'article', 'blog post', 'report', 'proposal', 'rewrite', 'paragraph', 'outline', 'presentation', 'linkedin', '邮件', '文章', '总结', 'письмо', 'эссе', 'статью', 'correo', 'ensayo', 'aufsatz', 'e-mail', 'lettre', 'résumé', 'メール', '요약']),
  ...topic('translation', 0.8, ['translate', 'translation', 'into english', 'into french', 'into spanish', 'into german', 'into chinese', 'into japanese', 'in english', '翻译', '翻訳', 'переведи', 'перевод', 'traduce', 'traducción', 'übersetze', 'übersetzung', 'traduis', 'traduction', '번역']),
  ...topic('reasoning.puzzles', 0.6, ['puzzle', 'riddle', 'logic', 'true or false', 'tells the truth', 'lies', 'plausible', 'sentence', 'deduce', 'if you follow these instructions', 'boolean', 'sequence', 'pattern', 'next letter', 'next number', 'which of the following', '逻辑', '谜语', 'загадка', 'логика', 'acertijo', 'lógica', 'rätsel', 'logique', 'énigme', 'パズル', '퍼즐']),
  ...topic('judging', 0.8, ['impartial judge', 'evaluate the quality', 'which response', 'assistant a', 'assistant b', 'rubric', 'verdict', 'output (a)', 'rate the', 'grade the', '评判', '评分', 'оцени', 'evalúa', '評価', '평가', 'bewerte', 'évalue']),
  ...topic('tools.agents', 0.6, ['api', 'function call', 'tool', 'tools', 'book a', 'booking', 'reservation', 'flight', 'order', 'cancel', 'my account', 'navigate to', 'click', 'search for', 'find the nearest', 'weather', 'schedule', 'calendar', 'retrieve', 'get the', 'fetch', 'huggingface', 'torchhub', 'tensorflow hub', 'model that', 'can you find']),
  ...topic('roleplay', 0.6, ['act as', 'i want you to act', 'pretend', 'role play', 'roleplay', 'you are a', 'you will act', 'imagine you are', 'in character', '扮演', '充当', 'представь что ты', 'выступи в роли', 'actúa como', 'finge', 'agisci', 'stell dir vor', 'agis comme', 'として振る舞', '역할']),
  ...topic('food.lifestyle', 0.55, ['recipe', 'cook', 'cooking', 'food', 'meal', 'dinner', 'breakfast', 'bake', 'ingredients', 'wine', 'coffee', 'garden', 'fashion', 'wedding', 'gift', 'pet', 'dog', 'cat', '食谱', 'рецепт', 'receta', 'rezept', 'recette', 'レシピ', '레시피']),
  ...topic('education.language', 0.55, ['grammar', 'vocabulary', 'learn', 'learning', 'student|students', 'teacher', 'school', 'university', 'homework', 'exam', 'study', 'word|words', 'meaning', 'synonym', 'definition', '语法', 'грамматика', 'gramática', 'grammatik', 'grammaire', '文法', '문법']),
  ...topic('tech.general', 0.55, ['computer', 'software', 'app', 'phone', 'iphone', 'android', 'windows', 'laptop', 'internet', 'wifi', 'browser', 'install', 'ai', 'chatgpt', 'gpt', 'llm', 'blockchain', 'crypto', '电脑', '软件', 'компьютер', 'программа', 'ordenador', 'computadora', 'computer', 'ordinateur', 'パソコン', '컴퓨터']),
  ...topic('factual.qa', 0.45, ['who is', 'who was', 'who played', 'who wrote', 'who sings', 'who won', 'when was', 'when did', 'where is', 'where was', 'what year', 'what is the name', 'who invented', 'what does', 'what is', 'what are', 'who', 'when', 'where', '什么时候', 'кто', 'когда', 'где', 'quién', 'cuándo', 'dónde', 'wer', 'wann', 'wo', 'qui', 'quand', 'où', '언제']),
];

// ---------------------------------------------------------------------------
// Stop words of languages written in Latin script; counted per occurrence.

export const LATIN_LANGS = ['en', 'es', 'de', 'fr', 'pt', 'it', 'nl', 'tr', 'id', 'vi', 'pl'] as const;

const STOP: Record<(typeof LATIN_LANGS)[number], string> = {
  en: 'the and of to is in that it for you with on are this be what how was have not can your do an',
  es: 'el la los las que de y en un una es por para con no se del al como más pero sus le',
  de: 'der die das und ist nicht ein eine zu den mit sich auf für von ich sie es dem wie auch',
  fr: 'le la les et est un une des du en que qui dans pour pas sur au avec ce il vous ne',
  pt: 'o a os as que de e um uma não para com em do da no na se por mais como você',
  it: 'il la che di e un una per non sono con del della come anche gli ma questo io',
  nl: 'de het een en van is dat niet op te zijn met voor ik je die er hoe wat',
  tr: 've bir bu da de ne için ile mi çok ben sen o gibi daha olarak var',
  id: 'yang dan di ini itu dengan untuk tidak dari dalam akan pada saya ke apa bisa',
  vi: 'và của là có không được những một trong cho với các này người khi',
  pl: 'i w nie na się jest z do to że co jak ale o czy tak dla',
};

export const LANG_SLOT_BASE = TOPIC_NAMES.length;

export const LANG_PHRASES: PhraseSpec[] = LATIN_LANGS.flatMap((lang, i) =>
  STOP[lang].split(' ').map((phrase) => ({ phrase, slot: LANG_SLOT_BASE + i, weight: 1 })),
);
export const TOPIC_LANG_SLOTS = LANG_SLOT_BASE + LATIN_LANGS.length;
