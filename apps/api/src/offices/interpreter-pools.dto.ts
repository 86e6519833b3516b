import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import type { OfficeText, PoolChoice } from '@app/offices';

export class ChooseInterpreterPoolsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Every pool the office may book interpreters from; [] chooses none',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  poolIds: string[];
}

export class InterpreterPoolResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'dolmetschpool-berlin' })
  slug: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { de: 'Dolmetschpool Berlin' },
  })
  name: OfficeText;

  @ApiProperty({
    type: [String],
    example: ['gsg', 'prs', 'ti'],
    description: "The pool's active interpreters' languages (BCP 47 tags)",
  })
  languages: string[];

  @ApiProperty({ description: "The office books this pool's interpreters" })
  chosen: boolean;
}

export const toInterpreterPool = ({
  pool,
  chosen,
  languages,
}: PoolChoice): InterpreterPoolResponseDto => ({
  id: pool.id,
  slug: pool.slug,
  name: pool.name,
  languages,
  chosen,
});
