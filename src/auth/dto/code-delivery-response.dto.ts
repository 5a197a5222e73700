import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Where the code went, masked. The same shape comes back whether or not the user exists (no account
 * discovery through this route).
 */
export class CodeDeliveryResponseDto {
  @ApiPropertyOptional({ example: 'EMAIL' })
  deliveryMedium?: string;

  @ApiPropertyOptional({ example: 'a***@e***' })
  destination?: string;
}
