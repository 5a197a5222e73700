import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code';

export class ValidationDetailDto {
  /** Dotted path of the offending field, e.g. `attributes.email`. */
  @ApiProperty({ example: 'newPassword' })
  field!: string;

  @ApiProperty({ example: 'newPassword must be longer than or equal to 8 characters' })
  message!: string;
}

/** The body of every error this gateway answers. */
export class ErrorResponseDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.INVALID_CREDENTIALS })
  code!: ErrorCode;

  @ApiProperty({ example: 'Incorrect username or password.' })
  message!: string;

  @ApiPropertyOptional({ type: [ValidationDetailDto] })
  details?: ValidationDetailDto[];
}
